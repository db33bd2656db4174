/**
 * The dashboard as a person meets it: a coordinator (in the test process) serving the built
 * dashboard on its own Postgres database and BullMQ prefix, one worker agent as a separate
 * `runtime-hub worker` process, and a real Chromium driven by playwright-core. Every wait is
 * bounded; `close()` stops the browser, the worker and the coordinator, also after a failure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import IORedis from 'ioredis';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startCoordinator, type RunningCoordinator } from '@runtime-hub/coordinator';
import { createTestDatabase, type TestDatabase } from '@runtime-hub/db/src/testing/test-database';
import { TERMINAL_RUN_STATUSES, type AgentRecord, type RunRecord } from '@runtime-hub/protocol';
import { ensureDashboardBuilt } from '../../apps/cli/src/up/dashboard-build';

export const ROOT = path.resolve(__dirname, '..', '..');
export const ADMIN_TOKEN = 'dashboard-admin-token-0123456789abc';
const ENROLL_TOKEN = 'dashboard-enroll-token';
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
export const WORKER_NAME = 'ui-worker';
/** Where the screenshots go (git-ignored); a person looks at them. */
export const ARTIFACTS_DIR = path.join(ROOT, 'test-artifacts', 'dashboard');

/** Chromium from Debian's package; the flags keep it from reaching out to the network. */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** Wide enough for palette, canvas and inspector side by side, as on an operator's screen. */
export const VIEWPORT = { width: 1600, height: 1000 };

/** Bounds of the waits in the harness. */
const WORKER_ONLINE_TIMEOUT_MS = 30_000;
const WORKER_EXIT_TIMEOUT_MS = 5_000;
const POLL_INTERVAL_MS = 100;
/** Characters of the worker's output kept to explain a failure. */
const OUTPUT_TAIL_CHARS = 8_000;

export class DashboardHub {
  /** Messages the page logged about a Content Security Policy violation, and uncaught errors. */
  readonly violations: string[] = [];
  workerOutput = '';

  private constructor(
    readonly coordinator: RunningCoordinator,
    readonly database: TestDatabase,
    private readonly prefix: string,
    private readonly worker: ChildProcess,
    private readonly dirs: readonly string[],
    readonly browser: Browser,
  ) {}

  get url(): string {
    return this.coordinator.url;
  }

  /** `env`: coordinator settings added to the test's own (a secrets key). */
  static async boot(env: Readonly<Record<string, string>> = {}): Promise<DashboardHub> {
    await ensureDashboardBuilt(() => undefined);
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const database = await createTestDatabase();
    const prefix = `rh-dash-${randomBytes(6).toString('hex')}`;
    const coordinatorDir = await mkdtemp(path.join(tmpdir(), 'rh-dash-coordinator-'));
    const workerDir = await mkdtemp(path.join(tmpdir(), 'rh-dash-worker-'));
    let coordinator: RunningCoordinator | undefined;
    let worker: ChildProcess | undefined;
    try {
      coordinator = await startCoordinator({
        ...process.env,
        RH_PORT: '0',
        DATABASE_URL: database.url,
        REDIS_URL,
        RH_QUEUE_PREFIX: prefix,
        RH_ADMIN_TOKEN: ADMIN_TOKEN,
        RH_ENROLL_TOKEN: ENROLL_TOKEN,
        RH_DATA_DIR: coordinatorDir,
        RH_LOG_LEVEL: 'silent',
        ...env,
      });
      worker = spawn(process.execPath, [path.join(ROOT, 'bin', 'runtime-hub.js'), 'worker', '--url', coordinator.url, '--enroll-token', ENROLL_TOKEN, '--name', WORKER_NAME, '--labels', 'linux,ui'], {
        cwd: ROOT,
        env: { ...process.env, RH_DATA_DIR: workerDir, RH_LOG_LEVEL: 'info' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
      const hub = new DashboardHub(coordinator, database, prefix, worker, [coordinatorDir, workerDir], browser);
      const keep = (chunk: Buffer) => {
        hub.workerOutput = (hub.workerOutput + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
      };
      worker.stdout?.on('data', keep);
      worker.stderr?.on('data', keep);
      await hub.waitForWorker();
      return hub;
    } catch (error) {
      worker?.kill('SIGKILL');
      await coordinator?.close().catch(() => undefined);
      await database.drop().catch(() => undefined);
      throw error;
    }
  }

  /** A new page, watched for CSP violations and uncaught errors. */
  async newPage(): Promise<Page> {
    const page = await this.browser.newPage({ viewport: VIEWPORT });
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) this.violations.push(message.text());
    });
    page.on('pageerror', (error) => this.violations.push(`uncaught: ${error.message}`));
    return page;
  }

  /** A new page with this default wait for its actions, signed in. */
  async newSignedInPage(defaultTimeoutMs: number): Promise<Page> {
    const page = await this.newPage();
    page.setDefaultTimeout(defaultTimeoutMs);
    await this.signIn(page);
    return page;
  }

  /** Signs the page in through the sign-in form, as a person does. */
  async signIn(page: Page): Promise<void> {
    await page.goto(this.url);
    await page.locator('input[name="token"]').fill(ADMIN_TOKEN);
    await page.keyboard.press('Enter');
    await page.locator('[data-live="connected"]').waitFor();
  }

  async api<Body>(method: string, route: string, body?: unknown): Promise<Body> {
    const response = await fetch(`${this.url}${route}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as Body;
  }

  /** Polls a run until it has finished; fails with its last state after `timeoutMs`. */
  async waitForRun(runId: string, timeoutMs: number): Promise<RunRecord> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const run = await this.api<RunRecord>('GET', `/api/runs/${runId}`);
      if (TERMINAL_RUN_STATUSES.includes(run.status)) return run;
      if (Date.now() > deadline) throw new Error(`run ${runId} not finished after ${timeoutMs} ms: ${JSON.stringify(run)}`);
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    }
  }

  private async waitForWorker(): Promise<void> {
    const deadline = Date.now() + WORKER_ONLINE_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const agents = await this.api<AgentRecord[]>('GET', '/api/agents');
      if (agents.some((agent) => agent.name === WORKER_NAME && agent.status === 'online')) return;
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    }
    throw new Error(`worker ${WORKER_NAME} not online after ${WORKER_ONLINE_TIMEOUT_MS} ms:\n${this.workerOutput}`);
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await stopProcess(this.worker);
    await this.coordinator.close().catch(() => undefined);
    await this.database.drop().catch(() => undefined);
    const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
    try {
      const keys = await redis.keys(`${this.prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      await redis.quit();
    }
    await Promise.all(this.dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }
}

/** SIGTERM, then SIGKILL if the process has not exited within the bound. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), WORKER_EXIT_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
