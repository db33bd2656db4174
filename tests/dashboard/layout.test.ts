/**
 * The dashboard at a phone's, a laptop's and a desktop's width (390, 1024 and 1440 px), with
 * a screenshot of each page in test-artifacts/dashboard/layout-<width>-<page>.png and checks
 * of what a person would trip over: the navigation takes the phone's whole screen, tables
 * run off it, the editor's canvas is a sliver, the run view's fit leaves the last node under
 * the log panel, an empty log takes half the height. Also: the log panel resizes, and the
 * keys of a JSON value stay in the order they were typed, saved and read back.
 *
 *   fetch ──> parse ──> check ──> store ──> report
 *                  └──> audit
 */
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { RunSummary } from '@runtime-hub/protocol';
import { ARTIFACTS_DIR, DashboardHub } from './dashboard.harness';
import { waitForText, UI_WAIT_TIMEOUT_MS } from './ui-waits';

/** Bounds of the waits in this file. */
const BOOT_TIMEOUT_MS = 90_000;
const STEP_TIMEOUT_MS = 60_000;
const UI_WAIT_MS = 10_000;
const RUN_WAIT_MS = 30_000;
/** Between two reads of a box while waiting for the view to settle after a fit. */
const SETTLE_POLL_MS = 150;

const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 1024, height: 768 },
  { width: 1440, height: 900 },
] as const;
/** Share of the window's width the editor's canvas gets at 1024 px and more. */
const CANVAS_MIN_SHARE = 0.45;
/** An empty log panel is a header, not a block of the window. */
const EMPTY_LOG_MAX_SHARE = 0.12;

const CHAIN = {
  schemaVersion: 1,
  name: 'ui-layout-chain',
  nodes: [
    { id: 'fetch', type: 'set', config: { values: { rows: 3 } } },
    { id: 'parse', type: 'set', config: { values: { parsed: true } } },
    { id: 'check', type: 'condition', config: { expression: 'nodes.parse.output.parsed' } },
    { id: 'audit', type: 'set', config: { values: { audited: true } } },
    { id: 'store', type: 'set', config: { values: { stored: true } } },
    { id: 'report', type: 'set', config: { values: { done: true } } },
  ],
  edges: [
    { from: 'fetch', to: 'parse' },
    { from: 'parse', to: 'check' },
    { from: 'parse', to: 'audit' },
    { from: 'check', port: 'true', to: 'store' },
    { from: 'store', to: 'report' },
  ],
};

/** Prints lines, so the log panel has something to show and to be resized for. */
const CHATTY = {
  schemaVersion: 1,
  name: 'ui-layout-chatty',
  nodes: [
    { id: 'say', type: 'shell', config: { shell: 'sh', script: 'for i in 1 2 3 4 5 6; do echo "line $i"; done' } },
    { id: 'after', type: 'set', config: { values: { ok: true } } },
  ],
  edges: [{ from: 'say', to: 'after' }],
};

let hub: DashboardHub;
let page: Page;
let workflowId = '';
let runId = '';

beforeAll(async () => {
  hub = await DashboardHub.boot();
  const created = await hub.api<{ id: string }>('POST', '/api/workflows', { definition: CHAIN });
  workflowId = created.id;
  const run = await hub.api<RunSummary>('POST', '/api/runs', { workflowId, trigger: 'api' });
  runId = run.id;
  await hub.waitForRun(runId, RUN_WAIT_MS);
  page = await hub.newSignedInPage(UI_WAIT_MS);
}, BOOT_TIMEOUT_MS);

afterAll(async () => {
  await hub?.close();
}, BOOT_TIMEOUT_MS);

async function box(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const found = await locator.boundingBox();
  if (!found) throw new Error(`${locator.toString()} is not visible`);
  return found;
}

/** The box once it has stopped moving (a fit animates nothing, but measuring cards takes a frame or two). */
async function settledBox(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const deadline = Date.now() + UI_WAIT_TIMEOUT_MS;
  let last = JSON.stringify(await box(locator));
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
    const next = JSON.stringify(await box(locator));
    if (next === last) return JSON.parse(next) as { x: number; y: number; width: number; height: number };
    if (Date.now() > deadline) throw new Error(`${locator.toString()} kept moving: ${next}`);
    last = next;
  }
}

/** Widest the page's own content is: more than the window means the page scrolls sideways. */
const pageWidth = () => page.evaluate('Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)') as Promise<number>;

async function open(pathname: string): Promise<void> {
  await page.goto(`${hub.url}${pathname}`);
  await page.locator('.shell').waitFor();
}

const shot = (width: number, name: string) => page.screenshot({ path: path.join(ARTIFACTS_DIR, `layout-${width}-${name}.png`) });

describe.each(VIEWPORTS)('at $width px', (viewport) => {
  const narrow = viewport.width < 760;

  beforeAll(async () => {
    await page.setViewportSize(viewport);
  });

  it(
    narrow ? 'folds the navigation into a menu and keeps the tables within the screen' : 'keeps the navigation at the side',
    async () => {
      await open('/workflows');
      await page.getByTestId('workflow-list').waitFor();
      await shot(viewport.width, 'workflows');
      const sidebar = await box(page.getByTestId('sidebar'));
      const links = page.getByRole('navigation', { name: 'Main' }).getByRole('link');
      if (narrow) {
        // A bar across the top, not a column down the side; the links behind the menu button.
        expect(sidebar.width).toBe(viewport.width);
        expect(sidebar.height).toBeLessThan(viewport.height * 0.1);
        expect(await links.first().isVisible()).toBe(false);
        await page.getByTestId('menu-button').click();
        await links.filter({ hasText: 'Runs' }).click();
        await page.getByRole('heading', { name: 'Runs' }).waitFor();
        expect(await links.first().isVisible()).toBe(false);
      } else {
        expect(sidebar.height).toBe(viewport.height);
        expect(sidebar.width).toBeLessThan(viewport.width * 0.16);
        await links.filter({ hasText: 'Runs' }).click();
        await page.getByRole('heading', { name: 'Runs' }).waitFor();
      }
      const row = page.locator(`[data-run-id="${runId}"]`);
      await row.waitFor();
      await shot(viewport.width, 'runs');
      const rowBox = await box(row);
      expect(rowBox.x + rowBox.width).toBeLessThanOrEqual(viewport.width);
      expect(await pageWidth()).toBeLessThanOrEqual(viewport.width);
      const started = await box(row.locator('.run-cell-started'));
      expect(started.x + started.width).toBeLessThanOrEqual(viewport.width);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'gives the editor canvas the room',
    async () => {
      await open(`/workflows/${workflowId}`);
      await page.locator('.react-flow__node[data-id="report"]').waitFor();
      await shot(viewport.width, 'editor');
      const canvas = await box(page.getByTestId('editor-canvas'));
      expect(canvas.width / viewport.width).toBeGreaterThanOrEqual(narrow ? 0.9 : CANVAS_MIN_SHARE);
      expect(canvas.height).toBeGreaterThanOrEqual(viewport.height * 0.4);
      // Opening fits the workflow: its first and last steps are on the canvas.
      for (const id of ['fetch', 'report']) {
        const node = await settledBox(page.locator(`.react-flow__node[data-id="${id}"]`));
        expect({ id, left: node.x >= canvas.x, right: node.x + node.width <= canvas.x + canvas.width + 1 }).toEqual({ id, left: true, right: true });
      }
      expect(await pageWidth()).toBeLessThanOrEqual(viewport.width);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'fits the whole run above the log panel, which is a header while the log is empty',
    async () => {
      await open(`/runs/${runId}`);
      await page.locator('[data-testid="run-page"][data-run-status="succeeded"]').waitFor();
      const panel = await box(page.getByTestId('log-panel'));
      expect(panel.height).toBeLessThanOrEqual(viewport.height * EMPTY_LOG_MAX_SHARE);
      const canvas = await box(page.getByTestId('run-graph'));
      // Wide enough for cards (zoom above RUN_NODE_DETAIL_MIN_ZOOM), which are taller than the blocks the first fit measured.
      if (viewport.width >= 1440) await page.locator('.react-flow__node[data-id="report"] .run-node-state').waitFor();
      for (const id of ['report', 'audit', 'fetch']) {
        const node = await settledBox(page.locator(`.react-flow__node[data-id="${id}"]`));
        const visibleBottom = Math.min(panel.y, canvas.y + canvas.height);
        expect({ id, top: node.y >= canvas.y, bottom: node.y + node.height <= visibleBottom + 1 }).toEqual({ id, top: true, bottom: true });
        expect({ id, left: node.x >= canvas.x, right: node.x + node.width <= canvas.x + canvas.width + 1 }).toEqual({ id, left: true, right: true });
      }
      await shot(viewport.width, 'run');
    },
    STEP_TIMEOUT_MS,
  );
});

describe('log panel and JSON key order', () => {
  beforeAll(async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it(
    'grows with the first lines, keeps the graph above it, and resizes by its top edge',
    async () => {
      const run = await hub.api<RunSummary>('POST', '/api/runs', { definition: CHATTY, trigger: 'api' });
      await hub.waitForRun(run.id, RUN_WAIT_MS);
      await open(`/runs/${run.id}`);
      await waitForText(page.getByTestId('log-count'), '6 lines');
      const before = await box(page.getByTestId('log-panel'));
      await page.locator('.react-flow__node[data-id="after"] .run-node-state').waitFor();
      const last = await settledBox(page.locator('.react-flow__node[data-id="after"]'));
      expect(last.y + last.height).toBeLessThanOrEqual(before.y + 1);

      const handle = await box(page.getByTestId('log-resizer'));
      await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
      await page.mouse.down();
      await page.mouse.move(handle.x + handle.width / 2, handle.y - 120, { steps: 8 });
      await page.mouse.up();
      const after = await box(page.getByTestId('log-panel'));
      expect(after.height).toBeGreaterThan(before.height + 100);
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'layout-1440-log-resized.png') });
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'keeps the keys of a JSON value in the order they were typed, through a save and a reload',
    async () => {
      await open(`/workflows/${workflowId}`);
      await page.locator('.react-flow__node[data-id="report"]').click();
      const values = page.locator('[data-field="values"] textarea');
      await values.fill('{"zeta": 1, "alpha": 2, "mid": 3}');
      await page.getByTestId('editor-canvas').click({ position: { x: 10, y: 10 } });
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await page.getByRole('button', { name: 'Save version' }).click();
      await page.getByText('Saved as v2').waitFor();

      const saved = await hub.api<{ definition: { nodes: { id: string; config: { values: Record<string, unknown> } }[] } }>('GET', `/api/workflows/${workflowId}`);
      expect(Object.keys(saved.definition.nodes.find((node) => node.id === 'report')!.config.values)).toEqual(['zeta', 'alpha', 'mid']);

      await page.reload();
      await page.locator('.react-flow__node[data-id="report"]').click();
      const text = await values.inputValue();
      expect(text.indexOf('zeta')).toBeLessThan(text.indexOf('alpha'));
      expect(text.indexOf('alpha')).toBeLessThan(text.indexOf('mid'));
      await waitForText(page.getByTestId('save-state'), 'Saved');
    },
    STEP_TIMEOUT_MS,
  );

  it('saw no Content Security Policy violation and no uncaught error', () => {
    expect(hub.violations).toEqual([]);
  });
});
