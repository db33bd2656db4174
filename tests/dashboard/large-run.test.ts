/**
 * A large run in the live view: 1,000 parallel `set` nodes joined by one, watched from the
 * moment it starts. Fitted to the screen, every node is drawn compact; the view must follow
 * every node to the end without a reload — each node's state and the header's count reaching
 * 1001 of 1001 — while the page keeps answering. How long the browser's main thread was
 * blocked (long tasks, before and after the graph was first drawn) and how long the page
 * took to answer a poll are written to large-run.json next to the screenshot for a person
 * to read; no test asserts a timing. With RH_DASHBOARD_PROFILE=1 a performance trace
 * of the page is written there too (large-run.trace.json, opened by the Performance panel of
 * Chromium's DevTools), to see where that time goes.
 *
 * The test waits with a native query every POLL_MS: Playwright's locators walk the whole DOM
 * in script and read layout, which on a page of a thousand nodes would be most of the work
 * measured.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { RunSummary } from '@runtime-hub/protocol';
import { ARTIFACTS_DIR, DashboardHub } from './dashboard.harness';

const BOOT_TIMEOUT_MS = 90_000;
/** 1,001 nodes through one worker on a busy 2-core machine: well under a minute, bounded at three. */
const RUN_WAIT_MS = 180_000;
const TEST_TIMEOUT_MS = RUN_WAIT_MS + 60_000;
const WIDTH = 1_000;
const UI_WAIT_MS = 10_000;
const POLL_MS = 500;
const PROFILING = process.env.RH_DASHBOARD_PROFILE === '1';
/** What the trace records: the renderer's tasks (style, layout, paint) and script samples. */
const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'disabled-by-default-v8.cpu_profiler', 'blink.user_timing'];

const parallel = Array.from({ length: WIDTH }, (_, index) => `p${index + 1}`);
const LARGE_FAN_OUT = {
  schemaVersion: 1,
  name: 'ui-large-fan-out',
  defaults: { target: { labels: ['ui'] } },
  nodes: [...parallel.map((id) => ({ id, type: 'set', config: { values: { id } } })), { id: 'join', type: 'set', config: { values: { done: true } } }],
  edges: parallel.map((id) => ({ from: id, to: 'join' })),
};

let hub: DashboardHub;
let page: Page;

beforeAll(async () => {
  hub = await DashboardHub.boot();
  page = await hub.newSignedInPage(UI_WAIT_MS);
}, BOOT_TIMEOUT_MS);

afterAll(async () => {
  await hub?.close();
}, BOOT_TIMEOUT_MS);

/**
 * Polls an expression in the page (as text: the page's CSP forbids eval) until `holds`.
 * Returns the longest time the page took to answer one poll: how long a click would have waited.
 */
async function pollPage<T>(on: Page, expression: string, holds: (value: T) => boolean, what: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let longestAnswerMs = 0;
  let seen: T | undefined;
  while (Date.now() < deadline) {
    const askedAt = Date.now();
    seen = await on.evaluate<T>(expression);
    longestAnswerMs = Math.max(longestAnswerMs, Date.now() - askedAt);
    if (holds(seen)) return longestAnswerMs;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${JSON.stringify(seen)}`);
}

const countInPage = (selector: string) => `document.querySelectorAll(${JSON.stringify(selector)}).length`;

describe('live run view of a 1,000-node run', () => {
  it(
    'draws every node compact and follows each to succeeded live, and the page keeps answering',
    async () => {
      const run = await hub.api<RunSummary>('POST', '/api/runs', { definition: LARGE_FAN_OUT, trigger: 'api' });
      if (PROFILING) await hub.browser.startTracing(page, { path: path.join(ARTIFACTS_DIR, 'large-run.trace.json'), categories: TRACE_CATEGORIES });
      await page.goto(`${hub.url}/runs/${run.id}`);
      // Page code as text: the tests compile without the DOM library.
      await page.evaluate(`(() => {
        window.longTasks = [];
        new PerformanceObserver((list) => list.getEntries().forEach((entry) => window.longTasks.push([entry.startTime, entry.duration]))).observe({ type: 'longtask', buffered: true });
      })()`);

      // Zoomed out to fit a thousand nodes, every node is drawn compact.
      await pollPage<number>(page, countInPage('.run-node-compact'), (count) => count === WIDTH + 1, `${WIDTH + 1} compact nodes`, UI_WAIT_MS * 3);
      const graphShownAt = await page.evaluate<number>('performance.now()');
      const done = `${WIDTH + 1} of ${WIDTH + 1} nodes succeeded`;
      const longestAnswerMs = await pollPage<string>(page, `document.querySelector('.run-facts')?.textContent ?? ''`, (facts) => facts.includes(done), `"${done}"`, RUN_WAIT_MS);
      const record = await hub.waitForRun(run.id, UI_WAIT_MS);
      const succeededNodes = await page.evaluate<number>(countInPage('[data-testid^="state-"][data-status="succeeded"]'));
      const answer = await page.evaluate('document.readyState');
      const longTasks = await page.evaluate<[number, number][]>('window.longTasks');
      if (PROFILING) await hub.browser.stopTracing();

      expect(record.status).toBe('succeeded');
      expect(record.nodes).toHaveLength(WIDTH + 1);
      expect(succeededNodes).toBe(WIDTH + 1);
      expect(answer).toBe('complete');
      expect(hub.violations).toEqual([]);
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'large-run.png') });
      const whileLive = longTasks.filter(([startedAt]) => startedAt >= graphShownAt).map(([, duration]) => duration);
      const figures = {
        nodes: WIDTH + 1,
        firstDrawMs: Math.round(graphShownAt),
        longTasks: longTasks.length,
        totalBlockedMs: Math.round(longTasks.reduce((sum, [, ms]) => sum + ms, 0)),
        longestTaskMs: Math.round(Math.max(0, ...longTasks.map(([, ms]) => ms))),
        longTasksWhileLive: whileLive.length,
        longestTaskWhileLiveMs: Math.round(Math.max(0, ...whileLive)),
        longestAnswerWhileLiveMs: longestAnswerMs,
      };
      writeFileSync(path.join(ARTIFACTS_DIR, 'large-run.json'), `${JSON.stringify(figures, null, 2)}\n`);
    },
    TEST_TIMEOUT_MS,
  );
});
