/**
 * The live run view in Chromium, on a run that does more than the editor scenario's: a
 * fan-out shell node that prints to stdout and stderr on every `ui` host, then a node that
 * waits because the only agent with the `gpu` label is offline. The view streams the log
 * (filterable by node), opens the fan-out node's grid of hosts, shows why the other node
 * waits, cancels the run, and after a reload shows the same picture, log included.
 *
 *   greet (shell, every agent labelled ui) ──> render (set, on an agent labelled gpu: offline)
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { RunRecord, RunSummary } from '@runtime-hub/protocol';
import { insertOfflineAgent } from '../fleet/offline-agent';
import { ARTIFACTS_DIR, DashboardHub, WORKER_NAME } from './dashboard.harness';
import { waitForAttribute, waitForText } from './ui-waits';

/** Bounds of the waits in this file. */
const BOOT_TIMEOUT_MS = 90_000;
const STEP_TIMEOUT_MS = 60_000;
const UI_WAIT_MS = 10_000;
const RUN_WAIT_MS = 30_000;

const FAN_OUT = {
  schemaVersion: 1,
  name: 'ui-fan-out',
  nodes: [
    {
      id: 'greet',
      type: 'shell',
      config: { shell: 'sh', script: 'echo "hello from $(hostname)"; echo "step two"; echo "disk almost full" >&2' },
      target: { labels: ['ui'], each: true },
    },
    { id: 'render', type: 'set', config: { values: { rendered: true } }, target: { labels: ['gpu'] } },
  ],
  edges: [{ from: 'greet', to: 'render' }],
};

let hub: DashboardHub;
let page: Page;
let runId = '';

beforeAll(async () => {
  hub = await DashboardHub.boot();
  page = await hub.newSignedInPage(UI_WAIT_MS);
}, BOOT_TIMEOUT_MS);

afterAll(async () => {
  await hub?.close();
}, BOOT_TIMEOUT_MS);

describe('live run view', () => {
  it(
    'streams the log, filters it by node, and opens the grid of a fan-out node',
    async () => {
      // The only `gpu` host enrolled once and is switched off: `render` waits for it.
      await insertOfflineAgent(hub.database.url, { name: 'gpu-host-off', labels: ['gpu'] });
      const run = await hub.api<RunSummary>('POST', '/api/runs', { definition: FAN_OUT, trigger: 'api' });
      runId = run.id;
      await page.goto(`${hub.url}/runs/${runId}`);

      await page.locator('[data-testid="state-greet"][data-status="succeeded"]').waitFor({ timeout: RUN_WAIT_MS });
      await waitForText(page.getByTestId('log-lines'), 'disk almost full', RUN_WAIT_MS);
      await waitForText(page.getByTestId('log-lines'), 'step two');
      await page.locator('.log-stderr', { hasText: 'disk almost full' }).waitFor();

      await page.getByLabel('Filter by node').selectOption('render');
      await page.getByText('No line matches these filters.').waitFor();
      await page.getByLabel('Filter by node').selectOption('greet');
      await waitForText(page.getByTestId('log-count'), '3 lines');

      await page.getByTestId('state-greet').getByRole('button', { name: /1 host/ }).click();
      const grid = page.getByTestId('host-grid');
      await grid.locator('.host-cell', { hasText: WORKER_NAME }).waitFor();
      await waitForText(grid, 'Succeeded');
      const succeededOnly = page.getByRole('group', { name: 'Show hosts' }).getByRole('button', { name: 'succeeded 1' });
      await succeededOnly.click();
      await waitForAttribute(succeededOnly, 'aria-pressed', 'true');
      await grid.locator('.host-cell', { hasText: WORKER_NAME }).waitFor();
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'fan-out-grid.png') });
      await page.keyboard.press('Escape');
      await grid.waitFor({ state: 'detached' });
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'shows why a node waits, and cancels the run',
    async () => {
      const render = page.getByTestId('state-render');
      await waitForAttribute(render, 'data-status', 'waiting', RUN_WAIT_MS);
      await waitForText(render, 'gpu');

      await page.getByRole('button', { name: 'Cancel run' }).click();
      await page.locator('[data-testid="run-page"][data-run-status="cancelled"]').waitFor({ timeout: RUN_WAIT_MS });
      await waitForAttribute(render, 'data-status', 'cancelled', RUN_WAIT_MS);
      const record = await hub.api<RunRecord>('GET', `/api/runs/${runId}`);
      expect(record.status).toBe('cancelled');
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'shows the same picture after a reload: state from the snapshot, log from the API',
    async () => {
      await page.reload();
      await page.locator('[data-testid="run-page"][data-run-status="cancelled"]').waitFor();
      await waitForAttribute(page.getByTestId('state-greet'), 'data-status', 'succeeded');
      await waitForAttribute(page.getByTestId('state-render'), 'data-status', 'cancelled');
      await waitForText(page.getByTestId('log-count'), '3 lines');
    },
    STEP_TIMEOUT_MS,
  );

  it('saw no Content Security Policy violation and no uncaught error', () => {
    expect(hub.violations).toEqual([]);
  });
});
