/**
 * Two coordinator replicas (`runtime-hub coordinator` processes) on one Postgres database and
 * one Redis (a BullMQ prefix of the test's own), worker agents and a Python agent given both
 * URLs, and a side-effect ledger in the test's database (as tests/faults). Every wait is
 * bounded; `close()` kills every process started here and deletes the prefix's keys.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@runtime-hub/db/src/testing/test-database';
import type { AgentRecord, RunSummary } from '@runtime-hub/protocol';
import { deleteQueuePrefixKeys } from '../coordinator-api/coordinator.harness';
import { ADMIN_TOKEN, CLI, ENROLL_TOKEN, REDIS_URL, ROOT, WorkerProcess, adminApi, eventually } from '../e2e/e2e.harness';
import { FAULT_TIMINGS } from '../faults/fleet-faults.harness';
import { Managed, START_TIMEOUT_MS, freePort } from '../faults/fault-processes';

/** Leases short enough that a dead holder's work moves within a few seconds. */
export const LEASE_TTL_MS = 2_000;
export const AGENT_LABELS = ['replicas'];

export class Replica {
  readonly process: Managed;
  replicaId = '';

  constructor(
    readonly label: string,
    readonly port: number,
    env: NodeJS.ProcessEnv,
  ) {
    this.process = new Managed(label, process.execPath, [CLI, 'coordinator'], { ...env, RH_PORT: String(port) });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.process.start();
    const health = await eventually(
      async () => {
        const response = await fetch(`${this.url}/health`).catch(() => undefined);
        return response?.ok ? ((await response.json()) as { replica: string }) : undefined;
      },
      START_TIMEOUT_MS,
      () => `${this.label} to answer /health`,
      async () => this.process.output,
    );
    this.replicaId = health.replica;
  }

  api<Body>(method: string, route: string, body?: unknown): Promise<{ status: number; body: Body }> {
    return adminApi<Body>(this.url, method, route, body);
  }

  async startRun(definition: unknown): Promise<RunSummary> {
    const response = await this.api<RunSummary>('POST', '/api/runs', { definition });
    if (response.status !== 202) throw new Error(`POST /api/runs on ${this.label} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  }

  /** `rh_<name>{lease="<lease>"}` from this replica's /metrics, by lease. */
  async leaseGauge(name: 'lease_held' | 'lease_passes'): Promise<Map<string, number>> {
    const text = await (await fetch(`${this.url}/metrics`)).text();
    const values = new Map<string, number>();
    for (const match of text.matchAll(new RegExp(`^rh_${name}\\{lease="([a-z-]+)"\\} (\\d+)$`, 'gm'))) values.set(match[1]!, Number(match[2]));
    return values;
  }
}

export class ReplicaFleet {
  readonly replicas: Replica[] = [];
  /** Every replica made, those of `replicas` and any added by a test. */
  private readonly started: Replica[] = [];
  readonly workers: WorkerProcess[] = [];
  readonly python: Managed[] = [];
  private readonly dirs: string[] = [];

  private constructor(
    readonly database: TestDatabase,
    readonly prefix: string,
  ) {}

  static async boot(count: number): Promise<ReplicaFleet> {
    const database = await createTestDatabase();
    const prefix = `rh-replicas-${randomBytes(6).toString('hex')}`;
    const fleet = new ReplicaFleet(database, prefix);
    try {
      await fleet.sql('create table effects (run_id text not null, node_id text not null, attempt integer not null, at timestamptz not null default now())');
      for (let index = 0; index < count; index += 1) {
        const replica = await fleet.addReplica();
        fleet.replicas.push(replica);
        // One after the other: the first replica takes every lease, so the test knows their holder.
        await replica.start();
      }
    } catch (error) {
      await fleet.close();
      throw error;
    }
    return fleet;
  }

  /** Another replica of the deployment, not started; `close()` stops it with the rest. */
  async addReplica(): Promise<Replica> {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'rh-replica-'));
    this.dirs.push(dataDir);
    const database = this.database;
    const prefix = this.prefix;
    const replica = new Replica(`replica-${String.fromCharCode(97 + this.started.length)}`, await freePort(), {
      ...process.env,
      RH_HOST: '127.0.0.1',
      RH_LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      REDIS_URL,
      RH_QUEUE_PREFIX: prefix,
      RH_ENROLL_TOKEN: ENROLL_TOKEN,
      RH_ADMIN_TOKEN: ADMIN_TOKEN,
      RH_DATA_DIR: dataDir,
      ...FAULT_TIMINGS,
      RH_LEASE_TTL_MS: String(LEASE_TTL_MS),
    });
    this.started.push(replica);
    return replica;
  }

  /** Every replica's URL, starting from the `first`-th: the order an agent tries them in. */
  urls(first = 0): string {
    const urls = this.replicas.map((replica) => replica.url);
    return [...urls.slice(first), ...urls.slice(0, first)].join(',');
  }

  async startWorker(name: string, first: number): Promise<void> {
    const dataDir = await mkdtemp(path.join(tmpdir(), `rh-replicas-${name}-`));
    this.dirs.push(dataDir);
    const worker = new WorkerProcess(name, dataDir, this.urls(first), AGENT_LABELS);
    worker.start();
    this.workers.push(worker);
  }

  async startPythonAgent(name: string, first: number): Promise<void> {
    const dataDir = await mkdtemp(path.join(tmpdir(), `rh-replicas-${name}-`));
    this.dirs.push(dataDir);
    const agent = new Managed(name, '/usr/bin/python3', ['-m', 'runtime_hub_agent', '--url', this.urls(first), '--enroll-token', ENROLL_TOKEN, '--name', name, '--labels', AGENT_LABELS.join(','), '--data-dir', dataDir], {
      ...process.env,
      PYTHONPATH: path.join(ROOT, 'agents', 'python'),
      PYTHONUNBUFFERED: '1',
    });
    agent.start();
    this.python.push(agent);
  }

  async agents(via: Replica): Promise<AgentRecord[]> {
    return (await via.api<AgentRecord[]>('GET', '/api/agents')).body;
  }

  /** Which replica holds each online agent's connection, from the shared online list. */
  async holders(): Promise<Map<string, string>> {
    const { default: IORedis } = await import('ioredis');
    const redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: 1 });
    try {
      const entries = await redis.hvals(`${this.prefix}:agents:online`);
      return new Map(entries.map((raw) => JSON.parse(raw) as { name: string; replica: string }).map((entry) => [entry.name, entry.replica]));
    } finally {
      redis.disconnect();
    }
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

  output(): string {
    return [...this.replicas.map((replica) => `--- ${replica.label} ---\n${replica.process.output}`), ...this.workers.map((worker) => `--- ${worker.name} ---\n${worker.output}`), ...this.python.map((agent) => `--- ${agent.label} ---\n${agent.output}`)].join('\n');
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.workers.map((worker) => worker.stop()), ...this.python.map((agent) => agent.stop('SIGKILL'))]);
    await Promise.allSettled(this.started.map((replica) => replica.process.stop('SIGKILL')));
    await deleteQueuePrefixKeys(this.prefix).catch(() => undefined);
    await this.database.drop().catch(() => undefined);
    await Promise.allSettled(this.dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }
}
