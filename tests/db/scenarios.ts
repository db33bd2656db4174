import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { MIGRATIONS_DIR, migrate, nodeRuns, nodeTasks, runs, type Database, type DatabaseHandle } from '@runtime-hub/db';

/**
 * Persistence scenarios that must behave the same on Postgres and on PGlite. Each returns
 * plain JSON observations, so the PGlite run (in a child process: see pglite-runner.ts) and
 * the Postgres run (in the test process) are checked by the same assertions.
 */

export const TABLES = [
  'agent_metrics',
  'agent_traces',
  'agents',
  'api_tokens',
  'audit_log',
  'batch_items',
  'batches',
  'deployment',
  'enroll_tokens',
  'hooks',
  'node_runs',
  'node_tasks',
  'notification_deliveries',
  'notification_rules',
  'run_logs',
  'runs',
  'schedule_fires',
  'schedules',
  'secrets',
  'users',
  'workflow_run_limits',
  'workflow_versions',
  'workflows',
];

export async function journalLength(): Promise<number> {
  const journal = JSON.parse(await readFile(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { entries: unknown[] };
  return journal.entries.length;
}

export async function rows<Row>(db: Database, query: ReturnType<typeof sql>): Promise<Row[]> {
  const result = (await db.execute(query)) as unknown as { rows: Row[] };
  return result.rows;
}

export async function publicTables(db: Database): Promise<string[]> {
  const found = await rows<{ table_name: string }>(db, sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`);
  return found.map((row) => row.table_name);
}

export async function appliedMigrations(db: Database): Promise<number> {
  const [row] = await rows<{ count: string | number }>(db, sql`select count(*) as count from drizzle.__drizzle_migrations`);
  return Number(row!.count);
}

export interface MigrateTwiceObservation {
  tablesAfterFirst: string[];
  appliedAfterFirst: number;
  appliedAfterSecond: number;
  journalLength: number;
}

export async function migrateTwice(handle: DatabaseHandle): Promise<MigrateTwiceObservation> {
  await migrate(handle);
  const tablesAfterFirst = await publicTables(handle.db);
  const appliedAfterFirst = await appliedMigrations(handle.db);
  await migrate(handle);
  return { tablesAfterFirst, appliedAfterFirst, appliedAfterSecond: await appliedMigrations(handle.db), journalLength: await journalLength() };
}

export const RUN_ID = '6f1d7a52-2a8e-4c9b-9a57-0d3c1e5b8f10';
export const CONDITIONAL_RUN_ID = '0c4b7f8e-1d2a-4e3b-8c5d-6f7a8b9c0d1e';
const CREATED_AT = new Date('2025-03-01T08:00:00.000Z');
const STARTED_AT = new Date('2025-03-01T08:00:00.250Z');

/**
 *   list ──▶ any ──[true]──▶ clean (fan-out: agent-a, agent-b)
 *
 * One run, its three node runs and the two fan-out tasks of `clean`, written in one
 * transaction and read back with Drizzle's relational query.
 */
export async function runRoundTrip(db: Database): Promise<unknown> {
  await db.transaction(async (tx) => {
    await tx.insert(runs).values({
      id: RUN_ID,
      workflowId: 'clear-temp',
      workflowVersion: 3,
      workflowName: 'clear-temp',
      status: 'running',
      trigger: 'cli',
      inputs: { dir: 'C:/Temp', nested: { list: [1, 'two', null] } },
      createdAt: CREATED_AT,
      startedAt: STARTED_AT,
    });
    await tx.insert(nodeRuns).values([
      { runId: RUN_ID, nodeId: 'list', type: 'file.list', status: 'succeeded', attempt: 1, agentId: 'agent-a', port: 'out', output: { count: 2, files: ['a.tmp', 'b.tmp'] }, durationMs: 42 },
      { runId: RUN_ID, nodeId: 'any', type: 'condition', status: 'succeeded', attempt: 1, agentId: 'agent-a', port: 'true', output: { value: true } },
      { runId: RUN_ID, nodeId: 'clean', type: 'shell', status: 'running', attempt: 1, queuedAt: STARTED_AT },
    ]);
    await tx.insert(nodeTasks).values([
      { runId: RUN_ID, nodeId: 'clean', agentId: 'agent-a', attempt: 1, status: 'running', startedAt: STARTED_AT },
      { runId: RUN_ID, nodeId: 'clean', agentId: 'agent-b', attempt: 1, status: 'queued' },
    ]);
  });

  const run = await db.query.runs.findFirst({
    where: eq(runs.id, RUN_ID),
    with: { nodes: { orderBy: (node, { asc }) => [asc(node.nodeId)], with: { tasks: { orderBy: (task, { asc }) => [asc(task.agentId)] } } } },
  });
  // Dates become ISO strings so the observation survives JSON between processes.
  return JSON.parse(JSON.stringify(run));
}

export interface ConditionalUpdateObservation {
  staleAttempt: number;
  currentAttempt: number;
  duplicateDelivery: number;
  final: { status: string; attempt: number; output: unknown };
}

/**
 * The coordinator records a result with
 * `UPDATE node_runs SET ... WHERE run_id = $1 AND node_id = $2 AND status = 'running' AND attempt = $3`:
 * a late result of an older attempt, or the same result delivered twice, changes nothing.
 */
export async function conditionalUpdate(db: Database): Promise<ConditionalUpdateObservation> {
  const runId = CONDITIONAL_RUN_ID;
  await db.insert(runs).values({ id: runId, workflowId: 'wf', workflowVersion: 1, workflowName: 'wf', status: 'running', trigger: 'api', inputs: {} });
  await db.insert(nodeRuns).values({ runId, nodeId: 'clean', type: 'shell', status: 'running', attempt: 2 });

  const recordResult = (attempt: number, output: unknown) =>
    db
      .update(nodeRuns)
      .set({ status: 'succeeded', output, finishedAt: new Date() })
      .where(and(eq(nodeRuns.runId, runId), eq(nodeRuns.nodeId, 'clean'), eq(nodeRuns.status, 'running'), eq(nodeRuns.attempt, attempt)))
      .returning({ nodeId: nodeRuns.nodeId });

  const staleAttempt = (await recordResult(1, { from: 'attempt 1' })).length;
  const currentAttempt = (await recordResult(2, { from: 'attempt 2' })).length;
  const duplicateDelivery = (await recordResult(2, { from: 'attempt 2, again' })).length;
  const [final] = await db.select({ status: nodeRuns.status, attempt: nodeRuns.attempt, output: nodeRuns.output }).from(nodeRuns).where(eq(nodeRuns.runId, runId));
  return { staleAttempt, currentAttempt, duplicateDelivery, final: final! };
}

/** What pglite-runner.ts prints. */
export interface PgliteObservations {
  kind: string;
  migrateTwice: MigrateTwiceObservation;
  runRoundTrip: unknown;
  conditionalUpdate: ConditionalUpdateObservation;
  reopened: { migrateTwice: MigrateTwiceObservation; runIds: string[] };
  inMemory: { migrateTwice: MigrateTwiceObservation };
}

export function expectMigratedTwice(observation: MigrateTwiceObservation): void {
  expect(observation.tablesAfterFirst).toEqual(TABLES);
  expect(observation.appliedAfterFirst).toBe(observation.journalLength);
  expect(observation.appliedAfterSecond).toBe(observation.journalLength);
}

export function expectRunRoundTrip(run: unknown): void {
  expect(run).toMatchObject({
    id: RUN_ID,
    status: 'running',
    trigger: 'cli',
    inputs: { dir: 'C:/Temp', nested: { list: [1, 'two', null] } },
    error: null,
    parentRunId: null,
    createdAt: '2025-03-01T08:00:00.000Z',
    startedAt: '2025-03-01T08:00:00.250Z',
    finishedAt: null,
    nodes: [
      { nodeId: 'any', status: 'succeeded', port: 'true', output: { value: true }, tasks: [] },
      {
        nodeId: 'clean',
        status: 'running',
        attempt: 1,
        agentId: null,
        queuedAt: '2025-03-01T08:00:00.250Z',
        tasks: [
          { agentId: 'agent-a', status: 'running', startedAt: '2025-03-01T08:00:00.250Z', output: null },
          { agentId: 'agent-b', status: 'queued', startedAt: null },
        ],
      },
      { nodeId: 'list', status: 'succeeded', output: { count: 2, files: ['a.tmp', 'b.tmp'] }, durationMs: 42 },
    ],
  });
}

export function expectConditionalUpdate(observation: ConditionalUpdateObservation): void {
  expect(observation).toEqual({
    staleAttempt: 0,
    currentAttempt: 1,
    duplicateDelivery: 0,
    final: { status: 'succeeded', attempt: 2, output: { from: 'attempt 2' } },
  });
}
