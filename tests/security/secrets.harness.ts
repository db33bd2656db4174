/**
 * A coordinator and workers as separate `runtime-hub` processes whose whole output (every log
 * line, at the most verbose level) is kept, so a test can search all of it; the coordinator can
 * be stopped and started again on the same port, database and data folder with another
 * environment (a new secrets key). Every wait is bounded; `close()` stops everything.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@runtime-hub/db/src/testing/test-database';
import { TERMINAL_RUN_STATUSES, type AgentRecord, type RunRecord } from '@runtime-hub/protocol';
import { workerEnvironment } from '../../apps/cli/src/up/local-workers';
import { ADMIN_TOKEN, adminApi, CLI, ENROLL_TOKEN, eventually, REDIS_URL, ROOT } from '../e2e/e2e.harness';

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/** One child process and everything it wrote. */
export class LoggedProcess {
  output = '';
  private child: ChildProcess | undefined;
  private exit: Promise<number | null> | undefined;

  constructor(
    readonly name: string,
    private readonly args: readonly string[],
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  start(): void {
    this.child = spawn(process.execPath, [CLI, ...this.args], { cwd: ROOT, env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      this.output += chunk.toString('utf8');
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    const child = this.child;
    this.exit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  /** The exit code once it has exited, within `timeoutMs`; undefined while it runs. */
  async exited(timeoutMs: number): Promise<number | null | undefined> {
    return Promise.race([this.exit, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), timeoutMs))]);
  }

  async stop(): Promise<void> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    if ((await this.exited(STOP_TIMEOUT_MS)) === undefined) {
      this.child.kill('SIGKILL');
      await this.exited(STOP_TIMEOUT_MS);
    }
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

export class SecretsHub {
  /** Every coordinator process started, in order (restarts included): all their output is searched. */
  readonly coordinators: LoggedProcess[] = [];
  readonly workers: LoggedProcess[] = [];
  private readonly dirs: string[] = [];

  private constructor(
    readonly database: TestDatabase,
    readonly prefix: string,
    readonly dataDir: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async create(): Promise<SecretsHub> {
    const database = await createTestDatabase();
    const dataDir = await mkdtemp(path.join(tmpdir(), 'rh-secrets-coordinator-'));
    return new SecretsHub(database, `rh-secrets-${randomBytes(6).toString('hex')}`, dataDir, await freePort());
  }

  coordinatorEnv(env: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      RH_PORT: String(this.port),
      RH_HOST: '127.0.0.1',
      RH_LOG_LEVEL: 'trace',
      DATABASE_URL: this.database.url,
      REDIS_URL,
      RH_QUEUE_PREFIX: this.prefix,
      RH_ENROLL_TOKEN: ENROLL_TOKEN,
      RH_ADMIN_TOKEN: ADMIN_TOKEN,
      RH_DATA_DIR: this.dataDir,
      RH_HEARTBEAT_INTERVAL_MS: '300',
      RH_AGENT_OFFLINE_AFTER_MS: '1500',
      RH_AGENT_DISCONNECT_GRACE_MS: '300',
      RH_RECONCILE_INTERVAL_MS: '1000',
      ...env,
    };
  }

  /** Starts a coordinator process and waits until it answers /health; its exit code if it stops instead. */
  async startCoordinator(env: Readonly<Record<string, string>>): Promise<{ process: LoggedProcess; exitCode?: number | null }> {
    const coordinator = new LoggedProcess(`coordinator-${this.coordinators.length + 1}`, ['coordinator'], this.coordinatorEnv(env));
    this.coordinators.push(coordinator);
    coordinator.start();
    const outcome = await eventually(
      async () => {
        const code = await coordinator.exited(0);
        if (code !== undefined) return { exitCode: code };
        const healthy = await fetch(`${this.url}/health`).then((response) => response.ok, () => false);
        return healthy ? {} : undefined;
      },
      START_TIMEOUT_MS,
      () => `${coordinator.name} to answer /health`,
      async () => coordinator.output.slice(-4_000),
    );
    return { process: coordinator, ...outcome };
  }

  async stopCoordinator(): Promise<void> {
    await Promise.all(this.coordinators.map((coordinator) => coordinator.stop()));
  }

  async addWorker(name: string, labels: readonly string[]): Promise<LoggedProcess> {
    const dataDir = await mkdtemp(path.join(tmpdir(), `rh-secrets-${name}-`));
    this.dirs.push(dataDir);
    const worker = new LoggedProcess(name, ['worker', '--url', this.url, '--name', name, '--labels', labels.join(','), '--concurrency', '4'], {
      ...workerEnvironment(process.env),
      RH_ENROLL_TOKEN: ENROLL_TOKEN,
      RH_DATA_DIR: dataDir,
      RH_LOG_LEVEL: 'debug',
      RH_WORKER_SHUTDOWN_GRACE_MS: '1000',
    });
    this.workers.push(worker);
    worker.start();
    return worker;
  }

  api<Body>(method: string, route: string, body?: unknown): Promise<{ status: number; body: Body; text: string }> {
    return adminApi<Body>(this.url, method, route, body);
  }

  async waitForWorkers(names: readonly string[], timeoutMs: number): Promise<Map<string, string>> {
    const agents = await eventually(
      async () => {
        const { body } = await this.api<AgentRecord[]>('GET', '/api/agents');
        const online = body.filter((agent) => agent.status === 'online' && names.includes(agent.name));
        return online.length === names.length ? online : undefined;
      },
      timeoutMs,
      () => `workers ${names.join(', ')} online`,
      async () => this.workers.map((worker) => `--- ${worker.name} ---\n${worker.output.slice(-2_000)}`).join('\n'),
    );
    return new Map(agents.map((agent) => [agent.name, agent.id]));
  }

  /** Starts a run of an inline definition and waits for it to end. */
  async runToEnd(definition: unknown, timeoutMs: number): Promise<RunRecord> {
    const started = await this.api<{ id: string }>('POST', '/api/runs', { definition });
    if (started.status !== 202) throw new Error(`POST /api/runs answered ${started.status}: ${started.text}`);
    return eventually(
      async () => {
        const { body } = await this.api<RunRecord>('GET', `/api/runs/${started.body.id}`);
        return TERMINAL_RUN_STATUSES.includes(body.status) ? body : undefined;
      },
      timeoutMs,
      () => `run ${started.body.id} to end`,
    );
  }

  /** Every row of every table, each column as text. */
  async databaseText(): Promise<string> {
    const client = new Client({ connectionString: this.database.url });
    await client.connect();
    try {
      const tables = await client.query<{ name: string }>(`select quote_ident(table_name) as name from information_schema.tables where table_schema = 'public'`);
      let text = '';
      for (const { name } of tables.rows) {
        const result = await client.query<{ row: string }>(`select t::text as row from ${name} t`);
        text += `\n[${name}]\n${result.rows.map((row) => row.row).join('\n')}`;
      }
      return text;
    } finally {
      await client.end();
    }
  }

  async secretRow(name: string): Promise<{ ciphertext: string; iv: string; auth_tag: string; key_id: string } | undefined> {
    const client = new Client({ connectionString: this.database.url });
    await client.connect();
    try {
      const result = await client.query<{ ciphertext: string; iv: string; auth_tag: string; key_id: string }>('select ciphertext, iv, auth_tag, key_id from secrets where name = $1', [name]);
      return result.rows[0];
    } finally {
      await client.end();
    }
  }

  /** Every key under this hub's queue prefix and every value they hold, as text. */
  async redisText(): Promise<string> {
    const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
    try {
      let text = '';
      for (const key of await redis.keys(`${this.prefix}:*`)) {
        const type = await redis.type(key);
        const value =
          type === 'string' ? await redis.get(key)
          : type === 'hash' ? JSON.stringify(await redis.hgetall(key))
          : type === 'list' ? JSON.stringify(await redis.lrange(key, 0, -1))
          : type === 'set' ? JSON.stringify(await redis.smembers(key))
          : type === 'zset' ? JSON.stringify(await redis.zrange(key, 0, -1))
          : type === 'stream' ? JSON.stringify(await redis.xrange(key, '-', '+'))
          : '';
        text += `\n${key} ${value}`;
      }
      return text;
    } finally {
      await redis.quit();
    }
  }

  /** What the CLI prints (and its exit code), with `stdin` piped in. */
  async cli(args: readonly string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, RH_URL: this.url, RH_TOKEN: ADMIN_TOKEN, RH_DATA_DIR: this.dataDir },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.stdin.end(stdin);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    return { code, stdout, stderr };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.stop().catch(() => undefined)));
    await this.stopCoordinator().catch(() => undefined);
    await this.database.drop().catch(() => undefined);
    const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
    try {
      const keys = await redis.keys(`${this.prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      await redis.quit();
    }
    await Promise.all([this.dataDir, ...this.dirs].map((dir) => rm(dir, { recursive: true, force: true })));
  }
}
