/**
 * Coordinators as `runtime-hub coordinator` processes a test can kill and start again, any
 * number of them on one database and one BullMQ prefix (the shared Redis of the test
 * environment), as replicas run in production. `close()` kills them all and drops what they used.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '@runtime-hub/db/src/testing/test-database';
import { ADMIN_TOKEN, CLI, REDIS_URL, eventually } from '../e2e/e2e.harness';
import { Managed, START_TIMEOUT_MS, freePort } from '../faults/fault-processes';

export class CoordinatorProcess {
  constructor(
    readonly process: Managed,
    readonly port: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.process.start();
    await eventually(
      async () => ((await fetch(`${this.url}/health`).catch(() => undefined))?.ok ? true : undefined),
      START_TIMEOUT_MS,
      () => `coordinator ${this.process.label} to answer /health`,
      async () => this.process.output,
    );
  }

  kill(): Promise<unknown> {
    return this.process.stop('SIGKILL');
  }

  async api<Body>(method: string, route: string, body?: unknown): Promise<{ status: number; body: Body; text: string }> {
    const response = await fetch(`${this.url}${route}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Body, text };
  }
}

export class CoordinatorCluster {
  readonly coordinators: CoordinatorProcess[] = [];
  private readonly dirs: string[] = [];

  private constructor(
    readonly database: TestDatabase,
    readonly prefix: string,
    private readonly env: Readonly<Record<string, string>>,
  ) {}

  /** `count` coordinators started one after the other (the first applies the migrations). */
  static async boot(count: number, env: Readonly<Record<string, string>> = {}): Promise<CoordinatorCluster> {
    const cluster = new CoordinatorCluster(await createTestDatabase(), `rh-sched-${randomBytes(6).toString('hex')}`, env);
    try {
      for (let index = 0; index < count; index += 1) await cluster.add();
    } catch (error) {
      await cluster.close();
      throw error;
    }
    return cluster;
  }

  async add(): Promise<CoordinatorProcess> {
    const port = await freePort();
    const dir = await mkdtemp(path.join(tmpdir(), 'rh-sched-coordinator-'));
    this.dirs.push(dir);
    const label = `coordinator-${this.coordinators.length + 1}`;
    const managed = new Managed(label, process.execPath, [CLI, 'coordinator'], {
      ...process.env,
      RH_PORT: String(port),
      RH_HOST: '127.0.0.1',
      RH_LOG_LEVEL: 'warn',
      DATABASE_URL: this.database.url,
      REDIS_URL,
      RH_QUEUE_PREFIX: this.prefix,
      RH_ADMIN_TOKEN: ADMIN_TOKEN,
      RH_DATA_DIR: dir,
      ...this.env,
    });
    const coordinator = new CoordinatorProcess(managed, port);
    this.coordinators.push(coordinator);
    await coordinator.start();
    return coordinator;
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

  async close(): Promise<void> {
    await Promise.all(this.coordinators.map((coordinator) => coordinator.kill().catch(() => undefined)));
    await this.database.drop().catch(() => undefined);
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    try {
      const keys = await redis.keys(`${this.prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
    await Promise.all(this.dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }
}

/** A workflow the coordinator finishes alone (a foreach over no items): schedules need no agent. */
export const COORDINATOR_ONLY_WORKFLOW = {
  schemaVersion: 1,
  name: 'tick',
  inputs: { n: { type: 'number', default: 0 } },
  nodes: [
    {
      id: 'each',
      type: 'foreach',
      config: { items: [], maxIterations: 1, workflow: { schemaVersion: 1, name: 'tick-item', nodes: [{ id: 'noop', type: 'set', config: { values: {} } }], edges: [] } },
    },
  ],
  edges: [],
};
