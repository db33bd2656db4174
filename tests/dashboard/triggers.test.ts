/**
 * Schedules, batches and the queue in the dashboard, in Chromium against a real coordinator
 * and a Linux worker: a schedule is created in its dialog (with the next fires previewed) and
 * run now; a batch is started from a CSV file and its progress watched to the end; a run that
 * waits for its workflow's slot shows why on the queue page; a run links to its schedule, and to
 * its webhook on the webhooks page.
 *
 *   book (shell: sleeps, then books the order; order "BAD" fails)
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { BatchRecord, RunSummary } from '@runtime-hub/protocol';
import { ARTIFACTS_DIR, DashboardHub } from './dashboard.harness';
import { waitForAttribute, waitForText } from './ui-waits';

const BOOT_TIMEOUT_MS = 90_000;
const STEP_TIMEOUT_MS = 90_000;
const UI_WAIT_MS = 10_000;
const RUN_WAIT_MS = 45_000;

const ORDER_WORKFLOW = {
  schemaVersion: 1,
  name: 'ui-book-order',
  inputs: { order: { type: 'string', required: true } },
  nodes: [
    {
      id: 'book',
      type: 'shell',
      config: { shell: 'sh', env: { RH_ORDER: '{{ inputs.order }}' }, script: 'sleep 1; [ "$RH_ORDER" != BAD ] || { echo "order $RH_ORDER refused" >&2; exit 3; }; echo "booked $RH_ORDER"' },
    },
  ],
};
const CSV = 'order\nA-1\nA-2\nBAD\nA-4\nA-5\nA-6\n';

let hub: DashboardHub;
let page: Page;
let workflowId: string;

beforeAll(async () => {
  hub = await DashboardHub.boot();
  page = await hub.newSignedInPage(UI_WAIT_MS);
  workflowId = (await hub.api<{ id: string }>('POST', '/api/workflows', { definition: ORDER_WORKFLOW })).id;
}, BOOT_TIMEOUT_MS);

afterAll(async () => {
  await hub?.close();
}, BOOT_TIMEOUT_MS);

const screenshot = (name: string) => page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`) });

describe('schedules, batches and the queue', () => {
  it(
    'creates a schedule in its dialog, runs it now, and a run links back to its schedule',
    async () => {
      await page.goto(`${hub.url}/schedules`);
      await page.getByTestId('new-schedule').click();
      await page.locator('[data-field="name"]').fill('ui-nightly');
      await page.locator('select[data-field="workflow"]').selectOption({ label: 'ui-book-order' });
      await page.locator('[data-field="cron"]').fill('0 6 * * *');
      await page.locator('[data-field="timeZone"]').fill('Europe/Berlin');
      // The next fires are previewed as the timing is typed.
      await page.locator('[data-testid="schedule-preview"] li').nth(4).waitFor();
      await page.locator('[data-field="inputs"]').fill('{"order": "NIGHT-1"}');
      await screenshot('schedule-dialog');
      await page.getByTestId('create-schedule').click();

      const row = page.locator('tr[data-schedule="ui-nightly"]');
      await waitForText(row.getByTestId('last-fire'), 'never fired');
      const schedule = (await hub.api<{ items: Array<{ id: string; name: string; nextFires: string[] }> }>('GET', '/api/schedules')).items.find((item) => item.name === 'ui-nightly')!;
      expect(schedule.nextFires).toHaveLength(5);
      expect(await row.getByTestId('next-fires').getAttribute('title')).toBe(schedule.nextFires.map((fire) => new Date(fire).toLocaleString('en-US')).join('\n'));

      await row.getByTestId('run-now').click();
      // The last fire's run shows, then its outcome, live.
      await row.getByTestId('last-fire').locator('[data-status="succeeded"]').waitFor({ timeout: RUN_WAIT_MS });
      await row.getByRole('link', { name: 'ui-nightly' }).click();
      await waitForText(page.getByTestId('schedule-fires'), 'run now');
      await screenshot('schedules');

      await page.getByTestId('schedule-fires').locator('button.link-button').first().click();
      await page.locator('[data-testid="run-page"][data-run-status="succeeded"]').waitFor();
      await waitForText(page.getByTestId('run-trigger'), 'via schedule');
      await page.getByTestId('run-trigger').getByRole('link', { name: 'schedule' }).click();
      await page.waitForURL(`${hub.url}/schedules/${schedule.id}`);
      await page.getByTestId('schedule-fires').waitFor();
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'starts a batch from a CSV file and watches its progress to the end, the failed item with its error',
    async () => {
      await page.goto(`${hub.url}/batches`);
      await page.getByTestId('new-batch').click();
      await page.locator('select[data-field="workflow"]').selectOption({ label: 'ui-book-order' });
      await page.locator('input[data-field="file"]').setInputFiles({ name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV) });
      await waitForText(page.locator('label[for="batch-items"]'), 'Items (CSV)');
      expect(await page.locator('[data-field="items"]').inputValue()).toBe(CSV);
      await page.locator('[data-field="concurrency"]').fill('2');
      await page.getByTestId('start-batch').click();

      // The batch view: watch "done" grow until every item has settled.
      await page.waitForURL(/\/batches\/[0-9a-f-]+$/);
      const progress = page.getByTestId('batch-progress');
      await waitForAttribute(progress, 'data-total', '6');
      const seen: number[] = [];
      const deadline = Date.now() + RUN_WAIT_MS;
      for (;;) {
        const done = Number(await progress.getAttribute('data-done')) + Number(await progress.getAttribute('data-failed'));
        if (seen.at(-1) !== done) seen.push(done);
        if (done === 6 || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await page.locator('[data-testid="batch-page"][data-batch-status="finished"]').waitFor();
      await screenshot('batch');

      // Two at a time, a second each: the page showed the batch part-way before it ended.
      expect(seen[0]).toBeLessThan(6);
      expect(seen.at(-1)).toBe(6);
      expect([...seen].sort((a, b) => a - b)).toEqual(seen);
      await waitForText(progress, '5 done · 1 failed · 0 running · 0 waiting of 6');
      const failed = page.locator('[data-testid="batch-items"] tr[data-status="failed"]');
      await waitForText(failed, 'BAD');
      await waitForText(failed, 'exit');
      const batchId = page.url().split('/').pop()!;
      const record = await hub.api<BatchRecord>('GET', `/api/batches/${batchId}`);
      expect(record.progress).toMatchObject({ total: 6, succeeded: 5, failed: 1 });
      expect(record.concurrency).toBe(2);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'shows a run waiting for its workflow slot on the queue page, with its reason',
    async () => {
      await hub.api('PUT', `/api/workflows/${workflowId}/concurrency`, { maxConcurrentRuns: 1 });
      const first = await hub.api<RunSummary>('POST', '/api/runs', { workflowId, inputs: { order: 'Q-1' } });
      const second = await hub.api<RunSummary>('POST', '/api/runs', { workflowId, inputs: { order: 'Q-2' } });
      expect(second.status).toBe('queued');
      await page.goto(`${hub.url}/queue`);
      const row = page.locator(`[data-testid="queued-runs"] tr[data-run-id="${second.id}"]`);
      await waitForText(row.getByTestId('waiting-reason'), 'workflow "ui-book-order" runs 1 of 1 allowed at once');
      await screenshot('queue');
      // When the first ends, the second starts and leaves the queue, live.
      await hub.waitForRun(first.id, RUN_WAIT_MS);
      await page.getByTestId('queue-empty').waitFor({ timeout: RUN_WAIT_MS });
      await hub.waitForRun(second.id, RUN_WAIT_MS);
      expect(hub.violations).toEqual([]);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'a run started by a webhook links to its hook on the webhooks page',
    async () => {
      const created = await hub.api<{ hook: { id: string; path: string }; secret: string }>('POST', '/api/hooks', { name: 'ui-hook', workflowId, auth: 'token' });
      const response = await fetch(`${hub.url}${created.hook.path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${created.secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ order: 'HOOK-1' }),
      });
      expect(response.status).toBe(202);
      const run = (await response.json()) as RunSummary;
      await page.goto(`${hub.url}/runs/${run.id}`);
      await waitForText(page.getByTestId('run-trigger'), 'via webhook');
      await page.getByTestId('run-trigger').getByRole('link', { name: 'webhook' }).click();
      await page.waitForURL(`${hub.url}/webhooks/${created.hook.id}`);
      const row = page.locator('tr[data-hook="ui-hook"]');
      await waitForAttribute(row, 'class', 'marked-row');
      await waitForText(row, `POST ${hub.url}${created.hook.path}`);
      expect(await row.innerText()).not.toContain(created.secret);
    },
    STEP_TIMEOUT_MS,
  );
});
