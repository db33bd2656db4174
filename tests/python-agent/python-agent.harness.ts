/**
 * A real coordinator process and real Python agent processes for the Python agent's
 * integration tests. The coordinator runs as `runtime-hub coordinator` (not in the test
 * process) so that a test can SIGKILL it and start it again on the same port, database and
 * BullMQ prefix. Agents run as `/usr/bin/python3 -m runtime_hub_agent` with
 * PYTHONPATH=agents/python. Every wait is bounded; `close()` kills every process started
 * here, drops the database, deletes the prefix's Redis keys and the temporary directories.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import IORedis from 'ioredis';
import { createTestDatabase, type TestDatabase } from '@runtime-hub/db/src/testing/test-database';
import { TERMINAL_RUN_STATUSES, type AgentMetric, type AgentRecord, type RunRecord, type RunSummary } from '@runtime-hub/protocol';
import { CLI, REDIS_URL, ROOT, eventually } from '../e2e/e2e.harness';

export const ADMIN_TOKEN = 'py-agent-admin-token-0123456789abcd';
export const ENROLL_TOKEN = 'py-agent-enroll-token';
export const PYTHON = '/usr/bin/python3';
/** Labels every test agent carries. */
export const AGENT_LABELS = ['py-e2e'];
/** Seconds between two metric samplings of a test agent: samples arrive within a test's patience. */
export const AGENT_METRICS_INTERVAL_S = '0.25';

/** Heartbeats and offline detection shortened, as in the e2e suites. */
const COORDINATOR_TIMINGS = {
  RH_HEARTBEAT_INTERVAL_MS: '300',
  RH_AGENT_OFFLINE_AFTER_MS: '3000',
  RH_AGENT_DISCONNECT_GRACE_MS: '2000',
  RH_RECONCILE_INTERVAL_MS: '1000',
  RH_NODE_RETRY_DELAY_MS: '200',
};
/** A coordinator process (swc compiling on load, migrations) is listening within this. */
export const COORDINATOR_BOOT_TIMEOUT_MS = 60_000;
/** How long a process gets to exit on SIGTERM before SIGKILL. */
const EXIT_TIMEOUT_MS = 5_000;
/** The coordinator's secrets key (the same at every restart). */
const SECRETS_KEY = Buffer.alloc(32, 9).toString('base64');
/** Characters of a process's output kept to explain a failure. */
const OUTPUT_TAIL_CHARS = 8_000;

/** One child process with its output tail and a bounded stop. */
class ChildProcessHandle {
  output = '';
  private child: ChildProcess | undefined;

  constructor(readonly label: string) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(command: string, args: readonly string[], env: NodeJS.ProcessEnv): void {
    this.child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
  }

  /** Sends `signal` and waits (bounded) for the exit; SIGKILL if it does not come. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), EXIT_TIMEOUT_MS);
    try {
      await exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

export interface PythonAgentOptions {
  /** `--metrics-buffer`: metric samples kept while the coordinator is away. */
  readonly metricsBuffer?: number;
}

export class PythonAgentHub {
  readonly coordinator = new ChildProcessHandle('coordinator');
  readonly agents = new Map<string, ChildProcessHandle>();
  private readonly dirs: string[];

  private constructor(
    readonly url: string,
    private readonly port: number,
    readonly database: TestDatabase,
    readonly prefix: string,
    readonly workDir: string,
  ) {
    this.dirs = [workDir];
  }

  static async boot(): Promise<PythonAgentHub> {
    const database = await createTestDatabase();
    const port = await freePort();
    const workDir = await mkdtemp(path.join(tmpdir(), 'rh-py-agent-'));
    const hub = new PythonAgentHub(`http://127.0.0.1:${port}`, port, database, `rh-py-${randomBytes(6).toString('hex')}`, workDir);
    try {
      await hub.startCoordinator();
    } catch (error) {
      await hub.close();
      throw error;
    }
    return hub;
  }

  /** Starts the coordinator process (again) and waits until it answers /health. */
  async startCoordinator(): Promise<void> {
    this.coordinator.start(process.execPath, [CLI, 'coordinator'], {
      ...process.env,
      RH_PORT: String(this.port),
      RH_HOST: '127.0.0.1',
      RH_LOG_LEVEL: 'warn',
      DATABASE_URL: this.database.url,
      REDIS_URL,
      RH_QUEUE_PREFIX: this.prefix,
      RH_ENROLL_TOKEN: ENROLL_TOKEN,
      RH_ADMIN_TOKEN: ADMIN_TOKEN,
      RH_DATA_DIR: path.join(this.workDir, 'coordinator'),
      RH_SECRETS_KEY: SECRETS_KEY,
      ...COORDINATOR_TIMINGS,
    });
    await eventually(
      async () => {
        if (!this.coordinator.running) throw new Error(`the coordinator exited:\n${this.coordinator.output}`);
        const response = await fetch(`${this.url}/health`).catch(() => undefined);
        return response?.ok ? true : undefined;
      },
      COORDINATOR_BOOT_TIMEOUT_MS,
      () => 'the coordinator to answer /health',
      async () => this.coordinator.output,
    );
  }

  /** Starts `python3 -m runtime_hub_agent` named `name`, with its own data directory. */
  async startAgent(name: string, options: PythonAgentOptions = {}): Promise<void> {
    const dataDir = await mkdtemp(path.join(tmpdir(), `rh-py-${name}-`));
    this.dirs.push(dataDir);
    const agent = new ChildProcessHandle(name);
    const args = ['-m', 'runtime_hub_agent', '--url', this.url, '--enroll-token', ENROLL_TOKEN, '--name', name, '--labels', AGENT_LABELS.join(',')];
    args.push('--data-dir', dataDir, '--metrics-interval', AGENT_METRICS_INTERVAL_S);
    if (options.metricsBuffer !== undefined) args.push('--metrics-buffer', String(options.metricsBuffer));
    agent.start(PYTHON, args, { ...process.env, PYTHONPATH: path.join(ROOT, 'agents', 'python'), PYTHONUNBUFFERED: '1' });
    this.agents.set(name, agent);
  }

  async api<Body>(method: string, route: string, body?: unknown): Promise<{ status: number; body: Body }> {
    const response = await fetch(`${this.url}${route}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Body };
  }

  async agentsList(): Promise<AgentRecord[]> {
    return (await this.api<AgentRecord[]>('GET', '/api/agents')).body;
  }

  /** Waits until the named agents are online, returning name -> agent id. */
  async waitOnline(names: readonly string[], timeoutMs: number): Promise<Map<string, string>> {
    const online = await eventually(
      async () => {
        const agents = (await this.agentsList().catch(() => [])).filter((agent) => agent.status === 'online' && names.includes(agent.name));
        return agents.length === names.length ? agents : undefined;
      },
      timeoutMs,
      () => `agents ${names.join(', ')} online`,
      async () => this.diagnose(),
    );
    return new Map(online.map((agent) => [agent.name, agent.id]));
  }

  async metrics(agentId: string, query: Record<string, string | number> = {}): Promise<AgentMetric[]> {
    const search = new URLSearchParams(Object.entries(query).map(([key, value]): [string, string] => [key, String(value)]));
    const response = await this.api<{ items: AgentMetric[] }>('GET', `/api/agents/${agentId}/metrics?${search.toString()}`);
    if (response.status !== 200) throw new Error(`metrics of ${agentId} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body.items;
  }

  async startRun(definition: unknown, inputs: Record<string, unknown> = {}): Promise<RunSummary> {
    const response = await this.api<RunSummary>('POST', '/api/runs', { definition, inputs });
    if (response.status !== 202) throw new Error(`POST /api/runs answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  }

  async waitForRun(id: string, timeoutMs: number): Promise<RunRecord> {
    const read = async () => (await this.api<RunRecord>('GET', `/api/runs/${id}`)).body;
    return eventually(
      async () => {
        const run = await read();
        return TERMINAL_RUN_STATUSES.includes(run.status) ? run : undefined;
      },
      timeoutMs,
      () => `run ${id} to finish`,
      async () => `${JSON.stringify(await read().catch(String), null, 1)}\n${this.diagnose()}`,
    );
  }

  /** `runtime-hub <args>` against this coordinator, with the admin token. */
  cli(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [CLI, ...args], {
        cwd: ROOT,
        env: { ...process.env, RH_URL: this.url, RH_TOKEN: ADMIN_TOKEN },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      const timer = setTimeout(() => child.kill('SIGKILL'), COORDINATOR_BOOT_TIMEOUT_MS);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  }

  diagnose(): string {
    return [this.coordinator, ...this.agents.values()].map((child) => `--- ${child.label} ---\n${child.output}`).join('\n');
  }

  async close(): Promise<void> {
    await Promise.all([...this.agents.values()].map((agent) => agent.stop('SIGTERM').catch(() => undefined)));
    await this.coordinator.stop('SIGTERM').catch(() => undefined);
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

/** A TCP port nobody listens on right now (the coordinator keeps it across its restart). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
