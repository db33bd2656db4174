/**
 * The dashboard in an operator's daily loop, in Chromium against a real coordinator and a
 * Linux worker: a workflow made through the API opens clean and runs without a save; a new
 * shell node uses a shell the fleet has, and one it has not is flagged before a run; the
 * agents page follows a run's tasks and the heartbeats live; the run history lists top-level
 * runs with child runs on demand, and a parent and its children link to each other.
 *
 *   greet (set) ──> shout (set)                      the API-made workflow
 *   each (foreach over 4 items: label ──> work)       examples/batch-over-inputs.json
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { AgentRecord, RunRecord, RunSummary, RunSummaryPage } from '@runtime-hub/protocol';
import { ARTIFACTS_DIR, DashboardHub, ROOT, WORKER_NAME } from './dashboard.harness';
import { waitForAttribute, waitForAttributeChange, waitForCount, waitForText } from './ui-waits';

/** Bounds of the waits in this file. */
const BOOT_TIMEOUT_MS = 90_000;
const STEP_TIMEOUT_MS = 60_000;
const UI_WAIT_MS = 10_000;
const RUN_WAIT_MS = 30_000;
/** Longer than the coordinator's heartbeat interval (RH_HEARTBEAT_INTERVAL_MS, 5 s) with room for load. */
const HEARTBEAT_WAIT_MS = 20_000;

/** Written as a script would: no positions, keys in no particular order. */
const API_MADE = {
  nodes: [
    { config: { values: { greeting: 'hello' } }, type: 'set', id: 'greet' },
    { type: 'set', id: 'shout', config: { values: { loud: '{{ $uppercase(nodes.greet.output.greeting) }}' } } },
  ],
  edges: [{ to: 'shout', from: 'greet' }],
  name: 'ui-api-made',
  schemaVersion: 1,
};

/** A shell step that runs long enough for the agents page to show it running, on the Linux worker. */
const SLOW_SHELL = {
  schemaVersion: 1,
  name: 'ui-slow-shell',
  nodes: [{ id: 'nap', type: 'shell', config: { shell: 'sh', script: 'sleep 4' } }],
};

const FOREACH = JSON.parse(readFileSync(path.join(ROOT, 'examples', 'batch-over-inputs.json'), 'utf8')) as { name: string; inputs: { items: { default: string[] } } };
const ITEMS = FOREACH.inputs.items.default.length;

let hub: DashboardHub;
let page: Page;

beforeAll(async () => {
  hub = await DashboardHub.boot();
  page = await hub.newSignedInPage(UI_WAIT_MS);
}, BOOT_TIMEOUT_MS);

afterAll(async () => {
  await hub?.close();
}, BOOT_TIMEOUT_MS);

const screenshot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`) });

describe('daily loop', () => {
  it(
    'opens a workflow made through the API without unsaved changes, and runs it without a save',
    async () => {
      const created = await hub.api<{ id: string; version: number }>('POST', '/api/workflows', { definition: API_MADE });
      await page.goto(`${hub.url}/workflows/${created.id}`);
      await page.getByTestId('editor').waitFor();

      await waitForText(page.getByTestId('save-state'), 'Saved');
      expect(await page.getByRole('button', { name: 'Save', exact: true }).isDisabled()).toBe(true);
      const run = page.getByRole('button', { name: '▶ Run', exact: true });
      expect(await run.isDisabled()).toBe(false);

      await run.click();
      await page.getByRole('button', { name: 'Start run' }).click();
      await page.waitForURL(/\/runs\/[A-Za-z0-9_-]+$/);
      await page.locator('[data-testid="run-page"][data-run-status="succeeded"]').waitFor({ timeout: RUN_WAIT_MS });
      const runId = page.url().split('/').pop()!;
      const record = await hub.api<RunRecord>('GET', `/api/runs/${runId}`);
      expect({ status: record.status, version: record.workflowVersion }).toEqual({ status: 'succeeded', version: created.version });
      // Its two `set` nodes have no target: the run view says who decided them instead of an agent.
      await waitForText(page.getByTestId('decided-shout'), 'decided by the coordinator');
      await screenshot('daily-loop-decided-nodes');
      // Opening and running wrote no version.
      const latest = await hub.api<{ version: number }>('GET', `/api/workflows/${created.id}`);
      expect(latest.version).toBe(1);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'starts a new shell node on a shell the Linux worker has, and flags one it has not before a run',
    async () => {
      const worker = (await hub.api<AgentRecord[]>('GET', '/api/agents')).find((agent) => agent.name === WORKER_NAME)!;
      expect(worker.capabilities).toEqual(expect.arrayContaining(['shell:sh']));
      const expected = worker.capabilities.includes('shell:bash') ? 'bash' : 'sh';

      await page.goto(`${hub.url}/workflows/new`);
      await page.getByTestId('workflow-settings').getByLabel('Name').fill('ui-shell-default');
      await page.locator('.palette-item[data-node-type="shell"]').dragTo(page.getByTestId('editor-canvas'), { targetPosition: { x: 120, y: 160 } });
      const shell = page.locator('[data-field="shell"] select');
      expect(await shell.inputValue()).toBe(expected);
      await page.locator('[data-field="script"] textarea').fill('echo hello');
      await waitForAttribute(page.getByTestId('problems-bar'), 'data-count', '0');
      await waitForAttribute(page.getByTestId('problems-bar'), 'data-warnings', '0');
      await waitForText(page.getByTestId('problems-bar'), 'Valid: ready to save and run');

      // PowerShell: no agent the coordinator knows has it, which the node and the bar say.
      await shell.selectOption('powershell');
      await waitForText(page.getByTestId('warnings-shell_1'), 'no known agent has capability shell:powershell');
      await waitForAttribute(page.getByTestId('problems-bar'), 'data-warnings', '1');
      await waitForText(page.getByTestId('problems-bar'), 'cannot run on any known agent');
      await screenshot('shell-warning');

      // Saved, the run dialog says it again before the run is started.
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByRole('button', { name: 'Save version' }).click();
      await page.getByText('Saved as v1').waitFor();
      await page.getByRole('button', { name: '▶ Run', exact: true }).click();
      await waitForText(page.getByTestId('run-warnings'), 'node "shell_1": no known agent has capability shell:powershell');
      await page.getByRole('button', { name: 'Cancel' }).click();
    },
    STEP_TIMEOUT_MS,
  );

  it(
    "shows an agent's running tasks and heartbeats live on the agents page",
    async () => {
      await page.goto(`${hub.url}/agents`);
      const card = page.locator(`.agent-card[data-agent="${WORKER_NAME}"]`);
      await waitForText(card.getByTestId('agent-running'), '0/');

      // A heartbeat arrives while the page is open: the card shows it without a reload.
      const heartbeat = card.getByTestId('agent-heartbeat');
      const firstBeat = await heartbeat.getAttribute('title');
      await waitForAttributeChange(heartbeat, 'title', firstBeat, HEARTBEAT_WAIT_MS);
      expect(await heartbeat.innerText()).toMatch(/^(just now|\d+ s ago)$/);

      // A task claimed by the worker shows as running, and as done after its next heartbeat.
      const run = await hub.api<RunSummary>('POST', '/api/runs', { definition: SLOW_SHELL, trigger: 'api' });
      await waitForText(card.getByTestId('agent-running'), '1/', RUN_WAIT_MS);
      await screenshot('agents-live');
      await hub.waitForRun(run.id, RUN_WAIT_MS);
      await waitForText(card.getByTestId('agent-running'), '0/', HEARTBEAT_WAIT_MS);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'lists top-level runs by default, child runs on demand, and links a parent and its children',
    async () => {
      const parent = await hub.api<RunSummary>('POST', '/api/runs', { definition: FOREACH, trigger: 'api' });
      expect((await hub.waitForRun(parent.id, RUN_WAIT_MS)).status).toBe('succeeded');
      const children = await hub.api<RunSummaryPage>('GET', `/api/runs?parentRunId=${parent.id}`);
      expect(children.items).toHaveLength(ITEMS);
      const topLevel = await hub.api<RunSummaryPage>('GET', '/api/runs?topLevel=true');
      expect(topLevel.items.every((run) => run.parentRunId === null)).toBe(true);
      expect(topLevel.items.map((run) => run.id)).toContain(parent.id);

      // The history: the parent, not its children, until they are asked for.
      await page.goto(`${hub.url}/runs`);
      await page.locator(`[data-run-id="${parent.id}"]`).waitFor();
      const childRows = page.locator(children.items.map((child) => `[data-run-id="${child.id}"]`).join(', '));
      expect(await childRows.count()).toBe(0);
      await page.locator('[data-filter="children"]').check();
      await waitForCount(childRows, ITEMS);
      const shortIds = await childRows.locator('.run-cell-id code').allInnerTexts();
      expect(new Set(shortIds).size).toBe(ITEMS);
      await screenshot('history-with-children');

      // The parent lists its children with iteration and status; a child links back.
      await page.locator(`[data-run-id="${parent.id}"]`).click();
      await page.getByTestId('child-runs-toggle').click();
      const list = page.getByTestId('child-runs');
      await waitForCount(list.locator('[data-child-run-id]'), ITEMS);
      expect(await list.locator('.child-run-index').allInnerTexts()).toEqual(Array.from({ length: ITEMS }, (_, index) => String(index)));
      await waitForCount(list.locator('.status-succeeded'), ITEMS);
      await screenshot('parent-child-runs');

      const first = list.locator('[data-child-run-id]').first();
      const firstId = await first.getAttribute('data-child-run-id');
      await first.getByRole('link').click();
      await page.waitForURL(new RegExp(`/runs/${firstId}$`));
      await page.getByRole('link', { name: /parent run \(node each #0\)/ }).click();
      await page.waitForURL(new RegExp(`/runs/${parent.id}$`));
      await page.getByTestId('child-runs-toggle').waitFor();
    },
    STEP_TIMEOUT_MS,
  );

  it('saw no Content Security Policy violation and no uncaught error', () => {
    expect(hub.violations).toEqual([]);
  });
});
