/**
 * The whole system for end-to-end tests, as it runs in production: a coordinator (in the
 * test process) on its own Postgres database and BullMQ prefix, and worker agents as
 * separate `runtime-hub worker` processes, each with its own data directory. Every wait is
 * bounded; `close()` kills every process started here, also after a failure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import IORedis from 'ioredis';
import { workerEnvironment } from '../../apps/cli/src/up/local-workers';
import { startCoordinator, type RunningCoordinator } from '@runtime-hub/coordinator';
import { createTestDatabase, type TestDatabase } from '@runtime-hub/db/src/testing/test-database';
import { TERMINAL_RUN_STATUSES, type AgentRecord, type NodeRunRecord, type RunRecord, type RunSummary } from '@runtime-hub/protocol';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'bin', 'runtime-hub.js');
export const ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdefghij';
export const ENROLL_TOKEN = 'e2e-enroll-token';
export const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
/** Labels every e2e worker carries. */
export const WORKER_LABELS = ['e2e', 'linux'];

/** Heartbeats and offline detection shortened so a killed worker is noticed in about a second. */
const COORDINATOR_TIMINGS = {
  RH_HEARTBEAT_INTERVAL_MS: '300',
  RH_AGENT_OFFLINE_AFTER_MS: '1500',
  RH_AGENT_DISCONNECT_GRACE_MS: '300',
  RH_RECONCILE_INTERVAL_MS: '1000',
  RH_NODE_RETRY_DELAY_MS: '200',
};
/** A stopping worker finishes its tasks within this; tests never wait on that. */
const WORKER_SHUTDOWN_GRACE_MS = '1000';
/** How long a worker process gets to exit on SIGTERM in `close()` before SIGKILL. */
const WORKER_EXIT_TIMEOUT_MS = 5_000;
/** Characters of a worker's output kept to explain a failure. */
const OUTPUT_TAIL_CHARS = 8_000;

/** Tasks a test worker runs at once, unless its test says otherwise. */
const WORKER_CONCURRENCY = 4;

export class WorkerProcess {
  output = '';
  private child: ChildProcess | undefined;

  constructor(
    readonly name: string,
    readonly dataDir: string,
    private readonly url: string,
    readonly labels: readonly string[] = WORKER_LABELS,
    /** Added to the worker's environment. */
    private readonly extraEnv: Readonly<Record<string, string>> = {},
    /** Tasks it runs at once (`--concurrency`). */
    private readonly concurrency = WORKER_CONCURRENCY,
  ) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): void {
    this.child = spawn(process.execPath, [CLI, 'worker', '--url', this.url, '--name', this.name, '--labels', this.labels.join(','), '--concurrency', String(this.concurrency)], {
      cwd: ROOT,
      // As `runtime-hub up` starts workers: without the coordinator's own settings (Redis,
      // Postgres, admin token), which a worker neither needs nor should hold.
      env: {
        ...workerEnvironment(process.env),
        RH_ENROLL_TOKEN: ENROLL_TOKEN,
        RH_DATA_DIR: this.dataDir,
        RH_LOG_LEVEL: 'info',
        RH_WORKER_SHUTDOWN_GRACE_MS: WORKER_SHUTDOWN_GRACE_MS,
        ...this.extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
  }

  /** Sends `signal` and waits (bounded) for the process to exit; SIGKILL if it does not. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = WORKER_EXIT_TIMEOUT_MS): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const child = this.child;
    if (!child) return { code: null, signal: null };
    if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, signal: child.signalCode };
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, exitSignal) => resolve({ code, signal: exitSignal })),
    );
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

export interface ApiResponse<Body> {
  readonly status: number;
  readonly body: Body;
}

export class E2eHub {
  readonly workers: WorkerProcess[] = [];
  private readonly dirs: string[] = [];

  private constructor(
    readonly coordinator: RunningCoordinator,
    readonly database: TestDatabase,
    readonly prefix: string,
    readonly coordinatorDataDir: string,
  ) {}

  get url(): string {
    return this.coordinator.url;
  }

  /** `env`: coordinator settings added to (or replacing) the shortened timings. */
  static async boot(workerCount: number, env: Readonly<Record<string, string>> = {}): Promise<E2eHub> {
    const database = await createTestDatabase();
    const prefix = `rh-e2e-${randomBytes(6).toString('hex')}`;
    const coordinatorDataDir = await mkdtemp(path.join(tmpdir(), 'rh-e2e-coordinator-'));
    let coordinator: RunningCoordinator;
    try {
      coordinator = await startCoordinator({
        RH_PORT: '0',
        RH_LOG_LEVEL: 'silent',
        DATABASE_URL: database.url,
        REDIS_URL,
        RH_QUEUE_PREFIX: prefix,
        RH_ENROLL_TOKEN: ENROLL_TOKEN,
        RH_ADMIN_TOKEN: ADMIN_TOKEN,
        RH_DATA_DIR: coordinatorDataDir,
        ...COORDINATOR_TIMINGS,
        ...env,
      });
    } catch (error) {
      await database.drop();
      throw error;
    }
    const hub = new E2eHub(coordinator, database, prefix, coordinatorDataDir);
    for (let index = 1; index <= workerCount; index += 1) await hub.addWorker(`e2e-worker-${index}`);
    return hub;
  }

  /**
   * Starts a worker process with its own data directory. `env` is added to the worker's
   * environment; as a function it may first put files in that directory (a policy file) and
   * answers the variables to add.
   */
  async addWorker(
    name: string,
    labels: readonly string[] = WORKER_LABELS,
    env: Readonly<Record<string, string>> | ((dataDir: string) => Promise<Readonly<Record<string, string>>>) = {},
  ): Promise<WorkerProcess> {
    const dataDir = await mkdtemp(path.join(tmpdir(), `rh-e2e-${name}-`));
    this.dirs.push(dataDir);
    const worker = new WorkerProcess(name, dataDir, this.url, labels, typeof env === 'function' ? await env(dataDir) : env);
    worker.start();
    this.workers.push(worker);
    return worker;
  }

  api<Body>(method: string, route: string, body?: unknown): Promise<ApiResponse<Body>> {
    return adminApi<Body>(this.url, method, route, body);
  }

  /** Starts a run of an inline definition; fails the test unless it is accepted (202). */
  async startRun(definition: unknown, inputs: Record<string, unknown> = {}): Promise<RunSummary> {
    const response = await this.api<RunSummary>('POST', '/api/runs', { definition, inputs });
    if (response.status !== 202) throw new Error(`POST /api/runs answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  }

  async run(id: string): Promise<RunRecord> {
    const response = await this.api<RunRecord>('GET', `/api/runs/${id}`);
    if (response.status !== 200) throw new Error(`GET /api/runs/${id} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  }

  async waitForRun(id: string, timeoutMs: number): Promise<RunRecord> {
    return eventually(
      async () => {
        const run = await this.run(id);
        return TERMINAL_RUN_STATUSES.includes(run.status) ? run : undefined;
      },
      timeoutMs,
      () => `run ${id} to finish`,
      async () => JSON.stringify(await this.run(id).catch((error: unknown) => String(error)), null, 2),
    );
  }

  async agents(): Promise<AgentRecord[]> {
    return (await this.api<AgentRecord[]>('GET', '/api/agents')).body;
  }

  /** Waits until the named workers are online, returning name -> agent id. */
  async waitForWorkers(names: readonly string[], timeoutMs: number): Promise<Map<string, string>> {
    const agents = await eventually(
      async () => {
        const online = (await this.agents()).filter((agent) => agent.status === 'online' && names.includes(agent.name));
        return online.length === names.length ? online : undefined;
      },
      timeoutMs,
      () => `workers ${names.join(', ')} online`,
      async () => this.workers.map((worker) => `--- ${worker.name} ---\n${worker.output}`).join('\n'),
    );
    return new Map(agents.map((agent) => [agent.name, agent.id]));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.stop('SIGTERM').catch(() => undefined)));
    await this.coordinator.close().catch(() => undefined);
    await this.database.drop().catch(() => undefined);
    const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
    try {
      const keys = await redis.keys(`${this.prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      await redis.quit();
    }
    await Promise.all([this.coordinatorDataDir, ...this.dirs].map((dir) => rm(dir, { recursive: true, force: true })));
  }
}

/**
 * One REST call to the coordinator at `baseUrl` with the admin token: the status, the body
 * parsed as JSON (undefined when empty, the text itself when it is not JSON) and the text.
 */
export async function adminApi<Body>(baseUrl: string, method: string, route: string, body?: unknown): Promise<ApiResponse<Body> & { readonly text: string }> {
  const response = await fetch(`${baseUrl}${route}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: parseJsonText(text) as Body, text };
}

function parseJsonText(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Polls every 100 ms until `probe` returns a value, failing with `describe()` after `timeoutMs`. */
export async function eventually<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  what: () => string,
  diagnose?: () => Promise<string>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      const detail = diagnose ? `\n${await diagnose().catch((error: unknown) => String(error))}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what()}${detail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Whether a process with this pid still exists (a zombie counts as gone). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // /proc/<pid>/stat's third field is the state; Z is a zombie, already dead.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

/** A node of a run record, by id; throws naming the run when it has none. */
export function node(run: RunRecord, id: string): NodeRunRecord {
  const found = run.nodes.find((candidate) => candidate.nodeId === id);
  if (!found) throw new Error(`run ${run.id} has no node ${id}`);
  return found;
}

/** The process ids a test's script wrote to `file`, one per word; none while it does not exist. */
export async function readPids(file: string): Promise<number[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split(/\s+/)
    .filter((word) => /^\d+$/.test(word))
    .map(Number);
}
