/**
 * The fleet, with every process one a test can kill: a Redis of its own (AOF on, as
 * docker-compose ships it), a coordinator as a `runtime-hub coordinator` process, worker
 * processes (which reach the coordinator only, never Redis), and optionally a TCP proxy
 * between one worker and the coordinator (SIGSTOP: a network partition). A side-effect ledger in the test's own database records every execution of an
 * effect node, keyed by (run_id, node_id, attempt), so a test can check that no node's effect
 * counted twice. Every wait is bounded; `close()` kills every process started here.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@runtime-hub/db/src/testing/test-database';
import { TERMINAL_RUN_STATUSES, agentQueueName, type AgentRecord, type RunRecord, type RunSummary } from '@runtime-hub/protocol';
import { ADMIN_TOKEN, CLI, ENROLL_TOKEN, WorkerProcess, eventually } from '../e2e/e2e.harness';
import { Managed, RedisServer, START_TIMEOUT_MS, TcpProxy, freePort } from './fault-processes';

/** Heartbeats and offline detection shortened so a lost agent is noticed in about a second. */
export const FAULT_TIMINGS = {
  RH_HEARTBEAT_INTERVAL_MS: '300',
  RH_AGENT_OFFLINE_AFTER_MS: '1500',
  RH_AGENT_DISCONNECT_GRACE_MS: '300',
  RH_RECONCILE_INTERVAL_MS: '1000',
  RH_NODE_RETRY_DELAY_MS: '200',
  // A delivery the coordinator died in the middle of goes back to its queue within seconds.
  RH_DELIVERY_LOCK_DURATION_MS: '2000',
  RH_DELIVERY_STALLED_INTERVAL_MS: '1000',
  RH_TASK_ASSIGN_ACK_TIMEOUT_MS: '1000',
  RH_TASK_ASSIGN_RETRY_DELAY_MS: '200',
  RH_DELIVERY_SWEEP_INTERVAL_MS: '500',
};
/** The shell script of an effect node: wait, then record the effect in the ledger. */
export function effectScript(ledgerUrl: string, sleepSeconds: number): string {
  return `sleep ${sleepSeconds}; psql "${ledgerUrl}" -qc "insert into effects (run_id, node_id, attempt) values ('$RH_RUN_ID', '$RH_NODE_ID', $RH_ATTEMPT)"`;
}

/** A workflow of one effect node (shell, sh) and a `set` after it. */
export function effectWorkflow(name: string, ledgerUrl: string, sleepSeconds: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    schemaVersion: 1,
    name,
    defaults: { retry: { maxAttempts: 5, backoff: 'fixed', delayMs: 200 } },
    nodes: [
      { id: 'effect', type: 'shell', timeoutMs: 60_000, config: { shell: 'sh', script: effectScript(ledgerUrl, sleepSeconds) }, ...extra },
      { id: 'after', type: 'set', config: { values: { done: true } } },
    ],
    edges: [{ from: 'effect', to: 'after' }],
  };
}

export interface FleetOptions {
  readonly workers: readonly string[];
  /** Workers whose coordinator traffic goes through a TCP proxy the test can freeze. */
  readonly proxied?: readonly string[];
  /** Extra environment of every worker. */
  readonly workerEnv?: Readonly<Record<string, string>>;
  /** Tasks each worker runs at once (default: the e2e harness's). */
  readonly workerConcurrency?: number;
  /** Coordinator settings added to (or replacing) FAULT_TIMINGS. */
  readonly coordinatorEnv?: Readonly<Record<string, string>>;
}

export class FaultFleet {
  readonly workers = new Map<string, WorkerProcess>();
  proxy: TcpProxy | undefined;
  private readonly dirs: string[] = [];

  private constructor(
    readonly database: TestDatabase,
    readonly redis: RedisServer,
    readonly coordinator: Managed,
    readonly port: number,
    readonly prefix: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  static async boot(options: FleetOptions): Promise<FaultFleet> {
    const database = await createTestDatabase();
    const redis = await RedisServer.start().catch(async (error: unknown) => {
      await database.drop();
      throw error;
    });
    const port = await freePort();
    const prefix = `rh-faults-${randomBytes(6).toString('hex')}`;
    const coordinatorDir = await mkdtemp(path.join(tmpdir(), 'rh-faults-coordinator-'));
    const coordinator = new Managed('coordinator', process.execPath, [CLI, 'coordinator'], {
      ...process.env,
      RH_PORT: String(port),
      RH_HOST: '127.0.0.1',
      RH_LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      RH_QUEUE_PREFIX: prefix,
      RH_ENROLL_TOKEN: ENROLL_TOKEN,
      RH_ADMIN_TOKEN: ADMIN_TOKEN,
      RH_DATA_DIR: coordinatorDir,
      ...FAULT_TIMINGS,
      ...options.coordinatorEnv,
    });
    const fleet = new FaultFleet(database, redis, coordinator, port, prefix);
    fleet.dirs.push(coordinatorDir);
    try {
      await fleet.createLedger();
      await fleet.startCoordinator();
      let proxyRoutes: Map<string, { coordinatorPort: number }> | undefined;
      if (options.proxied && options.proxied.length > 0) {
        proxyRoutes = new Map();
        const routes: Array<{ listen: number; port: number }> = [];
        for (const name of options.proxied) {
          const coordinatorPort = await freePort();
          proxyRoutes.set(name, { coordinatorPort });
          routes.push({ listen: coordinatorPort, port });
        }
        fleet.proxy = new TcpProxy(routes);
        await fleet.proxy.start();
      }
      for (const name of options.workers) {
        const route = proxyRoutes?.get(name);
        const dataDir = await mkdtemp(path.join(tmpdir(), `rh-faults-${name}-`));
        fleet.dirs.push(dataDir);
        const worker = new WorkerProcess(
          name,
          dataDir,
          route ? `http://127.0.0.1:${route.coordinatorPort}` : fleet.url,
          ['faults'],
          { ...options.workerEnv },
          options.workerConcurrency,
        );
        worker.start();
        fleet.workers.set(name, worker);
      }
      await fleet.waitForWorkers(options.workers);
    } catch (error) {
      await fleet.close();
      throw error;
    }
    return fleet;
  }

  async startCoordinator(): Promise<void> {
    this.coordinator.start();
    await eventually(
      async () => {
        const response = await fetch(`${this.url}/health`).catch(() => undefined);
        return response?.ok ? true : undefined;
      },
      START_TIMEOUT_MS,
      () => 'the coordinator to answer /health',
      async () => this.coordinator.output,
    );
  }

  worker(name: string): WorkerProcess {
    const worker = this.workers.get(name);
    if (!worker) throw new Error(`no worker ${name}`);
    return worker;
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

  async startRun(definition: unknown): Promise<RunSummary> {
    const response = await this.api<RunSummary>('POST', '/api/runs', { definition });
    if (response.status !== 202) throw new Error(`POST /api/runs answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  }

  async run(id: string): Promise<RunRecord> {
    const response = await this.api<RunRecord>('GET', `/api/runs/${id}`);
    if (response.status !== 200) throw new Error(`GET /api/runs/${id} answered ${response.status}`);
    return response.body;
  }

  /** Waits until every run has finished; the coordinator may be restarting meanwhile. */
  async waitForRuns(ids: readonly string[], timeoutMs: number): Promise<RunRecord[]> {
    return eventually(
      async () => {
        const runs = await Promise.all(ids.map((id) => this.run(id))).catch(() => undefined);
        return runs && runs.every((run) => TERMINAL_RUN_STATUSES.includes(run.status)) ? runs : undefined;
      },
      timeoutMs,
      () => `${ids.length} runs to finish`,
      async () => this.diagnose(ids),
    );
  }

  /** Waits until at least `count` of the runs are no longer running: a fault should land mid-flight. */
  async waitForFinishedCount(ids: readonly string[], count: number, timeoutMs: number, what: string): Promise<void> {
    await eventually(
      async () => ((await this.countRuns(ids, 'finished')) >= count ? true : undefined),
      timeoutMs,
      () => what,
    );
  }

  /** How many of the runs are still running, or no longer running. */
  async countRuns(ids: readonly string[], which: 'running' | 'finished'): Promise<number> {
    const [row] = await this.sql<{ count: string }>(`select count(*) as count from runs where id = any($1) and status ${which === 'running' ? '=' : '<>'} 'running'`, [ids]);
    return Number(row?.count);
  }

  /** Waits until nothing is stuck (see `stuck`), showing what still is when it times out. */
  async waitUntilNothingStuck(timeoutMs: number): Promise<void> {
    await eventually(async () => ((await this.stuck()).length === 0 ? true : undefined), timeoutMs, () => 'nothing stuck', async () => (await this.stuck()).join('\n'));
  }

  async agents(): Promise<AgentRecord[]> {
    return (await this.api<AgentRecord[]>('GET', '/api/agents')).body;
  }

  async waitForWorkers(names: readonly string[]): Promise<Map<string, string>> {
    const online = await eventually(
      async () => {
        const agents = await this.agents().catch(() => []);
        const found = agents.filter((agent) => agent.status === 'online' && names.includes(agent.name));
        return found.length === names.length ? found : undefined;
      },
      START_TIMEOUT_MS,
      () => `workers ${names.join(', ')} online`,
      async () => [...this.workers.values()].map((worker) => `--- ${worker.name} ---\n${worker.output}`).join('\n'),
    );
    return new Map(online.map((agent) => [agent.name, agent.id]));
  }

  async sql<Row extends Record<string, unknown>>(text: string, values: unknown[] = []): Promise<Row[]> {
    const client = new Client({ connectionString: this.database.url });
    await client.connect();
    try {
      return (await client.query<Row>(text, values)).rows;
    } finally {
      await client.end();
    }
  }

  /**
   * Every (run, node) whose ledger does not hold exactly one effect for the attempt the
   * coordinator counted as the node's success: an effect recorded twice, or a success
   * without its effect. Attempts the coordinator failed (a lost agent) may have left an
   * effect of their own; that is what the attempt number in the ledger is for.
   */
  async effectViolations(runIds: readonly string[]): Promise<string[]> {
    const rows = await this.sql<{ run_id: string; node_id: string; attempt: number; effects: string }>(
      `select n.run_id, n.node_id, n.attempt,
              (select count(*) from effects e where e.run_id = n.run_id and e.node_id = n.node_id and e.attempt = n.attempt) as effects
         from node_runs n
        where n.run_id = any($1) and n.type = 'shell' and n.status = 'succeeded'`,
      [runIds],
    );
    const counted = rows.filter((row) => Number(row.effects) !== 1).map((row) => `${row.run_id}/${row.node_id} attempt ${row.attempt}: ${row.effects} effects`);
    const succeeded = new Set(rows.map((row) => row.run_id));
    const missing = runIds.filter((id) => !succeeded.has(id)).map((id) => `${id}: no succeeded effect node`);
    return [...counted, ...missing];
  }

  /** Node rows still queued or running, and jobs still active in any queue of this fleet. */
  async stuck(): Promise<string[]> {
    const rows = await this.sql<{ run_id: string; node_id: string; status: string }>(
      `select run_id, node_id, status from node_runs where status in ('queued', 'running', 'waiting')
        union all select run_id, node_id, status from node_tasks where status in ('queued', 'running')`,
    );
    const problems = rows.map((row) => `${row.run_id}/${row.node_id} is ${row.status}`);
    const connection = new IORedis(this.redis.url, { maxRetriesPerRequest: null });
    try {
      const queues = (await this.agents()).map((agent) => agentQueueName(agent.id));
      for (const name of queues) {
        const queue = new Queue(name, { connection, prefix: this.prefix });
        const counts = await queue.getJobCounts('active', 'waiting', 'prioritized', 'delayed');
        await queue.close();
        for (const [state, count] of Object.entries(counts)) if (count > 0) problems.push(`${name}: ${count} ${state}`);
      }
    } finally {
      connection.disconnect();
    }
    return problems;
  }

  async close(): Promise<void> {
    await Promise.all([...this.workers.values()].map((worker) => worker.stop('SIGKILL').catch(() => undefined)));
    await this.proxy?.close().catch(() => undefined);
    await this.coordinator.stop('SIGKILL').catch(() => undefined);
    await this.redis.close().catch(() => undefined);
    await this.database.drop().catch(() => undefined);
    await Promise.all(this.dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }

  private async createLedger(): Promise<void> {
    await this.sql(`create table effects (run_id text not null, node_id text not null, attempt integer not null, at timestamptz not null default now())`);
  }

  private async diagnose(ids: readonly string[]): Promise<string> {
    const runs = await Promise.all(ids.slice(0, 50).map((id) => this.run(id).catch(() => undefined)));
    const unfinished = runs.filter((run) => run && !TERMINAL_RUN_STATUSES.includes(run.status)).slice(0, 3);
    return [
      JSON.stringify(unfinished, null, 1),
      `--- coordinator ---\n${this.coordinator.output}`,
      ...[...this.workers.values()].map((worker) => `--- ${worker.name} ---\n${worker.output}`),
    ].join('\n');
  }
}
