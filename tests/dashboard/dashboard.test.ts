/**
 * The dashboard end to end, in Chromium, against a real coordinator and worker: sign in,
 * draw a workflow with mouse and keyboard, see a bad config flagged on its node and fix it,
 * undo and redo, save, run and watch every node succeed live, find the run in the history
 * by filter, restore an older version. Screenshots of the editor, the live run and the
 * history go to test-artifacts/dashboard/.
 *
 *   set_1 ──> condition_1 ──[true]──> set_2
 */
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { RunRecord, RunSummary } from '@runtime-hub/protocol';
import { ADMIN_TOKEN, ARTIFACTS_DIR, DashboardHub } from './dashboard.harness';
import { waitForAttribute, waitForClass, waitForCount, waitForText } from './ui-waits';

/** Bounds of the waits in this file. */
const BOOT_TIMEOUT_MS = 90_000;
const STEP_TIMEOUT_MS = 60_000;
const UI_WAIT_MS = 10_000;
const RUN_TIMEOUT_MS = 30_000;

const BAD_EXPRESSION = 'nodes.set_1.output.greeting =';
const GOOD_EXPRESSION = 'nodes.set_1.output.greeting = "hello"';

/** A second workflow whose run fails, so the history has more than one kind of row. */
const NIGHTLY_CHECK = {
  schemaVersion: 1,
  name: 'ui-nightly-check',
  nodes: [{ id: 'check', type: 'fail', config: { message: 'disk C: is 97% full' } }],
};

let hub: DashboardHub;
let page: Page;
let workflowId = '';
let runId = '';

beforeAll(async () => {
  hub = await DashboardHub.boot();
  page = await hub.newPage();
  page.setDefaultTimeout(UI_WAIT_MS);
}, BOOT_TIMEOUT_MS);

afterAll(async () => {
  await hub?.close();
}, BOOT_TIMEOUT_MS);

const node = (id: string) => page.locator(`.react-flow__node[data-id="${id}"]`);
const handle = (nodeId: string, kind: 'source' | 'target', port: string) => node(nodeId).locator(`.react-flow__handle.${kind}[data-handleid="${port}"]`);
const canvas = () => page.getByTestId('editor-canvas');

async function center(locator: Locator): Promise<{ x: number; y: number }> {
  const box = await locator.boundingBox();
  if (!box) throw new Error('element is not visible');
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags from one port handle to another with the mouse, as a person connects two nodes. */
async function connectHandles(from: Locator, to: Locator): Promise<void> {
  const start = await center(from);
  const end = await center(to);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(end.x, end.y, { steps: 12 });
  await page.mouse.up();
}

/** Drags a node type from the palette onto the canvas, at a point of the canvas. */
async function dropNode(type: string, at: { x: number; y: number }): Promise<void> {
  await page.locator(`.palette-item[data-node-type="${type}"]`).dragTo(canvas(), { targetPosition: at });
}

async function screenshot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`) });
}

describe('dashboard', () => {
  it(
    'signs in with an API token and keeps only a session cookie',
    async () => {
      await page.goto(hub.url);
      await page.locator('input[name="token"]').fill(ADMIN_TOKEN);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Workflows' }).waitFor();

      const cookies = await page.context().cookies();
      const session = cookies.find((cookie) => cookie.name === 'rh_session');
      expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
      expect(session?.value).not.toBe(ADMIN_TOKEN);
      // Page scripts cannot read the session: the cookie is HttpOnly.
      expect(await page.evaluate('document.cookie')).toBe('');
      await page.locator('[data-live="connected"]').waitFor();
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'builds set -> condition -> set with the mouse and keyboard, flags a bad config on its node, and undoes and redoes',
    async () => {
      await page.getByRole('button', { name: 'New workflow' }).click();
      await page.getByTestId('workflow-settings').getByLabel('Name').fill('ui-three-steps');

      await dropNode('set', { x: 20, y: 200 });
      await page.locator('[data-field="values"] textarea').fill('{"greeting": "hello"}');
      await dropNode('condition', { x: 295, y: 200 });
      await dropNode('set', { x: 570, y: 200 });
      await page.locator('[data-field="values"] textarea').fill('{"done": true}');
      await waitForCount(page.locator('.react-flow__node'), 3);

      await connectHandles(handle('set_1', 'source', 'out'), handle('condition_1', 'target', 'in'));
      await connectHandles(handle('condition_1', 'source', 'true'), handle('set_2', 'target', 'in'));
      await waitForCount(page.locator('.react-flow__edge'), 2);

      // A condition without an expression, then with a broken one: flagged on the node itself.
      await node('condition_1').click();
      await page.getByTestId('problems-condition_1').waitFor();
      const expression = page.locator('[data-field="expression"] input');
      await expression.fill(BAD_EXPRESSION);
      await waitForText(page.getByTestId('problems-condition_1'), 'JSONata syntax error');
      await waitForClass(node('condition_1').locator('.flow-node'), 'has-problems');
      expect(await page.getByRole('button', { name: 'Save', exact: true }).isDisabled()).toBe(true);

      await expression.fill(GOOD_EXPRESSION);
      await page.getByTestId('problems-condition_1').waitFor({ state: 'detached' });
      await waitForAttribute(page.getByTestId('problems-bar'), 'data-count', '0');
      await canvas().click({ position: { x: 20, y: 20 } });

      // Typing into one field is one undo step: undo empties the expression again (the field
      // follows the document), redo brings the fixed one back.
      await page.keyboard.press('Control+z');
      await waitForText(page.getByTestId('problems-condition_1'), 'config.expression');
      await node('condition_1').click();
      expect(await expression.inputValue()).toBe('');
      await canvas().click({ position: { x: 20, y: 20 } });
      await page.keyboard.press('Control+Shift+z');
      await page.getByTestId('problems-condition_1').waitFor({ state: 'detached' });
      await node('condition_1').click();
      expect(await expression.inputValue()).toBe(GOOD_EXPRESSION);

      // Delete a node with the keyboard, undo brings it back with its edge, redo deletes it again.
      await node('set_2').click();
      await page.keyboard.press('Delete');
      await waitForCount(page.locator('.react-flow__node'), 2);
      await page.keyboard.press('Control+z');
      await waitForCount(page.locator('.react-flow__node'), 3);
      await waitForCount(page.locator('.react-flow__edge'), 2);
      await page.keyboard.press('Control+Shift+z');
      await waitForCount(page.locator('.react-flow__node'), 2);
      await page.keyboard.press('Control+z');
      await waitForCount(page.locator('.react-flow__node'), 3);

      await node('condition_1').click();
      await screenshot('editor');
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'saves the workflow as version 1',
    async () => {
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByLabel('What changed (optional)').fill('first version');
      await page.getByRole('button', { name: 'Save version' }).click();
      await page.waitForURL(/\/workflows\/[0-9a-f-]{36}$/);
      workflowId = page.url().split('/').pop()!;
      await waitForText(page.getByTestId('save-state'), 'Saved');

      const saved = await hub.api<{ version: number; message: string; definition: { nodes: { id: string; position?: unknown }[]; edges: unknown[] } }>('GET', `/api/workflows/${workflowId}`);
      expect(saved.version).toBe(1);
      expect(saved.message).toBe('first version');
      expect(saved.definition.nodes.map((entry) => entry.id)).toEqual(['set_1', 'condition_1', 'set_2']);
      expect(saved.definition.nodes.every((entry) => entry.position !== undefined)).toBe(true);
      expect(saved.definition.edges).toEqual([
        { from: 'set_1', to: 'condition_1' },
        { from: 'condition_1', port: 'true', to: 'set_2' },
      ]);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'runs it and shows every node turn succeeded, live',
    async () => {
      await page.getByRole('button', { name: '▶ Run', exact: true }).click();
      await page.getByRole('button', { name: 'Start run' }).click();
      await page.waitForURL(/\/runs\/[A-Za-z0-9_-]+$/);
      runId = page.url().split('/').pop()!;
      await page.getByTestId('run-graph').waitFor();

      for (const id of ['set_1', 'condition_1', 'set_2']) {
        await page.locator(`[data-testid="state-${id}"][data-status="succeeded"]`).waitFor({ timeout: RUN_TIMEOUT_MS });
      }
      await page.locator('[data-testid="run-page"][data-run-status="succeeded"]').waitFor({ timeout: RUN_TIMEOUT_MS });
      const run = await hub.api<RunRecord>('GET', `/api/runs/${runId}`);
      expect(run.status).toBe('succeeded');
      expect(run.trigger).toBe('dashboard');
      expect(run.nodes.map((entry) => [entry.nodeId, entry.status])).toEqual([
        ['set_1', 'succeeded'],
        ['condition_1', 'succeeded'],
        ['set_2', 'succeeded'],
      ]);
      // Untargeted set and condition nodes are decided by the coordinator: the node says so where a dispatched one names its agent.
      await page.getByTestId('state-set_2').getByText('decided by the coordinator').waitFor();
      await screenshot('live-run');
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'lists runs live and finds the run in the history by filter',
    async () => {
      // Another workflow's run that fails, started over the API before the page opens.
      const failing = await hub.api<RunSummary>('POST', '/api/runs', { definition: NIGHTLY_CHECK, trigger: 'api' });
      await hub.waitForRun(failing.id, RUN_TIMEOUT_MS);

      await page.getByRole('link', { name: 'Runs', exact: true }).first().click();
      await page.getByRole('heading', { name: 'Runs' }).waitFor();
      await page.locator(`[data-run-id="${runId}"]`).waitFor();
      await page.locator(`[data-run-id="${failing.id}"]`).waitFor();

      // A run started elsewhere while the page is open appears without a reload.
      const another = await hub.api<RunSummary>('POST', '/api/runs', { workflowId, trigger: 'api' });
      await page.locator(`[data-run-id="${another.id}"]`).waitFor({ timeout: RUN_TIMEOUT_MS });
      await hub.waitForRun(another.id, RUN_TIMEOUT_MS);
      await waitForCount(page.locator('[data-run-id]'), 3);
      await screenshot('history');

      await page.locator('[data-filter="workflow"]').selectOption(workflowId);
      await waitForCount(page.locator('[data-run-id]'), 2);
      await page.locator('[data-filter="status"]').selectOption('succeeded');
      await page.locator('[data-filter="trigger"]').selectOption('dashboard');
      await waitForCount(page.locator('[data-run-id]'), 1);
      await page.locator(`[data-run-id="${runId}"]`).waitFor();

      await page.locator('[data-filter="status"]').selectOption('failed');
      await page.getByText('No run matches these filters.').waitFor();
      await page.locator('[data-filter="status"]').selectOption('succeeded');
      await page.locator(`[data-run-id="${runId}"]`).waitFor();
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'shows what changed between versions and restores an older one',
    async () => {
      await page.locator(`[data-run-id="${runId}"]`).click();
      await page.getByTestId('run-page').getByRole('link', { name: 'ui-three-steps' }).click();
      await page.getByTestId('editor').waitFor();

      await node('set_2').click();
      await page.locator('[data-field="values"] textarea').fill('{"done": "twice"}');
      await canvas().click({ position: { x: 20, y: 20 } });
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByLabel('What changed (optional)').fill('second version');
      await page.getByRole('button', { name: 'Save version' }).click();
      await page.getByText('Saved as v2').waitFor();

      await page.getByRole('button', { name: 'History' }).click();
      const diff = page.getByTestId('version-diff');
      await waitForText(diff, '1 node changed');
      await waitForText(diff, 'config.values.done: true → "twice"');
      await screenshot('versions');

      const v1 = page.locator('.version-row[data-version="1"]');
      await v1.getByRole('button', { name: 'Restore…' }).click();
      await v1.getByRole('button', { name: 'Restore v1' }).click();
      await page.locator('.editor-title .version-chip', { hasText: 'v3' }).waitFor();
      await waitForText(node('set_2'), '{"done":true}');

      const latest = await hub.api<{ version: number; definition: { nodes: { id: string; config: unknown }[] } }>('GET', `/api/workflows/${workflowId}`);
      expect(latest.version).toBe(3);
      expect(latest.definition.nodes.find((entry) => entry.id === 'set_2')?.config).toEqual({ values: { done: true } });
    },
    STEP_TIMEOUT_MS,
  );

  it('saw no Content Security Policy violation and no uncaught error', () => {
    expect(hub.violations).toEqual([]);
  });
});
