import { and, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import { migrate, nodeRuns, nodeTasks, runs, type Database, type DatabaseHandle, type NewNodeRunRow, type NodeRunRow, type Transaction } from '@runtime-hub/db';
import { NODE_ROWS_PER_READ } from '../../apps/coordinator/src/config/defaults';
import { RunsRepository, type NodeRunGuard, type NodeRunPatch, type TaskWrite } from '../../apps/coordinator/src/runs/adapters/runs.repository';
import { insertRunWithNodes, type StartedRunValues } from '../../apps/coordinator/src/runs/adapters/run-start.statement';
import { claimInOneStatement, type ClaimKey } from '../../apps/coordinator/src/runs/adapters/task-claim.statement';
import { fencedTask } from '../../apps/coordinator/src/runs/adapters/task-fencing';

/**
 * The prepared statements of the engine against the drizzle queries they replaced, on two runs
 * that hold the same rows (P, written by the prepared statements; D, by drizzle): every answer
 * and every row they leave must be the same. Observations are JSON (dates as `{ $date }`), so
 * the PGlite run (a child process: see pglite-runner.ts) is checked like the Postgres one.
 */

/** One more node than a page holds, so the rows are read in two pages. */
const NODES_PER_RUN = NODE_ROWS_PER_READ + 1;
const AT = new Date('2026-12-06T00:30:00.123Z');
const LATER = new Date('2026-12-06T00:30:01.456Z');

export interface Pair {
  readonly prepared: unknown;
  readonly drizzle: unknown;
}

export type PreparedComparison = Record<string, Pair>;

export async function preparedAgainstDrizzle(handle: DatabaseHandle): Promise<PreparedComparison> {
  await migrate(handle);
  const { db } = handle;
  const repository = new RunsRepository();
  await seed(db, 'P');
  await seed(db, 'D');
  const comparison: PreparedComparison = {};
  const compare = async (name: string, prepared: (runId: string) => Promise<unknown>, drizzle: (runId: string) => Promise<unknown>) => {
    comparison[name] = { prepared: encode(withoutRunId(await prepared('P'))), drizzle: encode(withoutRunId(await drizzle('D'))) };
  };

  // A new run of three nodes, as the start writes it (one statement), and the same start again.
  const started = (runId: string): StartedRunValues => ({
    id: `${runId}-start`,
    workflowId: 'wf',
    workflowVersion: 2,
    workflowName: 'prepared',
    status: 'queued',
    trigger: 'schedule',
    triggerId: 'schedule-1',
    startedBy: 'schedule:nightly',
    priority: 70,
    waitingReason: 'waiting for admission',
    targetOverride: { labels: ['linux'] },
    concurrencyKey: 'schedule:schedule-1',
    inputs: { text: 'x', list: [1, 'two', null], digits: '42' },
    createdAt: AT,
    startedAt: null,
  });
  const startNodes = [
    { nodeId: 'b', type: 'shell' },
    { nodeId: 'a', type: 'set' },
    { nodeId: 'c', type: 'python' },
  ];
  const startByDrizzle = async (runId: string) => {
    const [run] = await db.insert(runs).values(started(runId)).onConflictDoNothing().returning();
    if (!run) return undefined;
    const rows = await db
      .insert(nodeRuns)
      .values(startNodes.map((node) => ({ runId: run.id, nodeId: node.nodeId, type: node.type, status: 'pending' as const, attempt: 0 })))
      .onConflictDoNothing()
      .returning();
    return { run, rows: rows.sort((left, right) => left.nodeId.localeCompare(right.nodeId)) };
  };
  await compare('insertRunWithNodes', (runId) => insertRunWithNodes(db, started(runId), startNodes), startByDrizzle);
  await compare('insertRunWithNodes again (exists)', (runId) => insertRunWithNodes(db, started(runId), startNodes), startByDrizzle);

  // A running run whose roots the start dispatches in the same statement: `a` to one agent, `c`
  // to two (a fan-out), `b` left pending; against the drizzle start and first dispatch.
  const startedRunning = (runId: string): StartedRunValues => ({
    ...started(runId),
    id: `${runId}-roots`,
    status: 'running',
    waitingReason: null,
    concurrencyKey: null,
    startedAt: AT,
  });
  const rootNodes = [
    { nodeId: 'b', type: 'shell' },
    { nodeId: 'a', type: 'set', dispatch: { nodeAgentId: 'agent-a', agentIds: ['agent-a'], queuedAt: LATER } },
    { nodeId: 'c', type: 'python', dispatch: { nodeAgentId: null, agentIds: ['agent-a', 'agent-b'], queuedAt: LATER } },
  ];
  const tasksOf = (runId: string) => db.select().from(nodeTasks).where(eq(nodeTasks.runId, runId)).orderBy(nodeTasks.nodeId, nodeTasks.agentId);
  await compare(
    'insertRunWithNodes (roots dispatched)',
    async (runId) => {
      const written = await insertRunWithNodes(db, startedRunning(runId), rootNodes);
      return { ...written, tasks: await tasksOf(`${runId}-roots`) };
    },
    async (runId) => {
      const [run] = await db.insert(runs).values(startedRunning(runId)).returning();
      await db.insert(nodeRuns).values(rootNodes.map((node) => ({ runId: run!.id, nodeId: node.nodeId, type: node.type, status: 'pending' as const, attempt: 0 })));
      for (const node of rootNodes) {
        if (!node.dispatch) continue;
        await db
          .update(nodeRuns)
          .set({ status: 'queued', attempt: 1, agentId: node.dispatch.nodeAgentId, queuedAt: node.dispatch.queuedAt })
          .where(and(eq(nodeRuns.runId, run!.id), eq(nodeRuns.nodeId, node.nodeId)));
        await db.insert(nodeTasks).values(node.dispatch.agentIds.map((agentId) => ({ runId: run!.id, nodeId: node.nodeId, agentId, attempt: 1, status: 'queued' as const })));
      }
      const rows = await db.select().from(nodeRuns).where(eq(nodeRuns.runId, run!.id)).orderBy(nodeRuns.nodeId);
      return { run, rows, tasks: await tasksOf(run!.id) };
    },
  );

  await compare(
    'lockRun',
    (runId) => db.transaction((tx) => repository.lockRun(tx, runId)),
    (runId) => db.transaction(async (tx) => (await tx.select().from(runs).where(eq(runs.id, runId)).for('update'))[0]),
  );
  await compare(
    'nodeRuns (two pages)',
    (runId) => db.transaction((tx) => repository.nodeRuns(tx, runId)),
    (runId) => db.select().from(nodeRuns).where(eq(nodeRuns.runId, runId)).orderBy(nodeRuns.nodeId),
  );

  const claim = (runId: string): ClaimKey => ({ runId, nodeId: 'n0000', agentId: 'agent-a', attempt: 1 });
  const claimAlone = async (key: ClaimKey) => {
    const { runStatus, claimed } = await claimInOneStatement(db, key.runId, [key], AT);
    return { runStatus, claimed: claimed[0] };
  };
  await compare('claim', (runId) => claimAlone(claim(runId)), (runId) => claimByDrizzle(db, claim(runId), AT));
  await compare('claim again (refused)', (runId) => claimAlone(claim(runId)), (runId) => claimByDrizzle(db, claim(runId), AT));

  const { task, patch, guard } = resultThatSettles('n0000');
  await compare(
    'updateNodeRunWithTask',
    (runId) => db.transaction((tx) => repository.updateNodeRunWithTask(tx, task(runId), patch, guard)),
    (runId) => db.transaction((tx) => settleByDrizzle(tx, task(runId), patch, guard)),
  );
  await compare(
    'updateNodeRunWithTask again (late)',
    (runId) => db.transaction((tx) => repository.updateNodeRunWithTask(tx, task(runId), patch, guard)),
    (runId) => db.transaction((tx) => settleByDrizzle(tx, task(runId), patch, guard)),
  );

  const dispatches = [
    { nodeId: 'n0001', nodeAgentId: 'agent-a', agentIds: ['agent-a'] },
    { nodeId: 'n0002', nodeAgentId: null, agentIds: ['agent-a', 'agent-b'] },
    { nodeId: 'n0000', nodeAgentId: 'agent-a', agentIds: ['agent-a'] },
  ];
  await compare(
    'dispatchFirstAttempts',
    async (runId) => [...(await db.transaction((tx) => repository.dispatchFirstAttempts(tx, runId, dispatches, LATER)))].sort(),
    (runId) => db.transaction((tx) => dispatchByDrizzle(tx, runId, dispatches, LATER)),
  );

  const end = { status: 'failed' as const, finishedAt: LATER, error: { code: 'NODE_FAILED' as const, message: 'node "n0000" failed', retryable: false, nodeId: 'n0000' } };
  await compare(
    'updateRun (the run ends)',
    (runId) => db.transaction((tx) => repository.updateRun(tx, runId, end, ['running'])),
    (runId) => db.transaction(async (tx) => (await tx.update(runs).set(end).where(and(eq(runs.id, runId), inArray(runs.status, ['running']))).returning())[0]),
  );
  await compare(
    'updateRun again (not running any more)',
    (runId) => db.transaction((tx) => repository.updateRun(tx, runId, end, ['running'])),
    (runId) => db.transaction(async (tx) => (await tx.update(runs).set(end).where(and(eq(runs.id, runId), inArray(runs.status, ['running']))).returning())[0]),
  );

  await compare(
    'node rows left',
    (runId) => db.select().from(nodeRuns).where(eq(nodeRuns.runId, runId)).orderBy(nodeRuns.nodeId).limit(4),
    (runId) => db.select().from(nodeRuns).where(eq(nodeRuns.runId, runId)).orderBy(nodeRuns.nodeId).limit(4),
  );
  await compare(
    'task rows left',
    (runId) => db.select().from(nodeTasks).where(eq(nodeTasks.runId, runId)).orderBy(nodeTasks.nodeId, nodeTasks.agentId),
    (runId) => db.select().from(nodeTasks).where(eq(nodeTasks.runId, runId)).orderBy(nodeTasks.nodeId, nodeTasks.agentId),
  );
  return comparison;
}

/** A running run whose first node is queued at attempt 1 on agent-a, its second pending and its third waiting. */
async function seed(db: Database, runId: string): Promise<void> {
  await db.insert(runs).values({
    id: runId,
    workflowId: 'wf',
    workflowVersion: 1,
    workflowName: 'prepared',
    status: 'running',
    trigger: 'api',
    inputs: { text: 'x', list: [1, 'two', null] },
    targetOverride: { labels: ['linux'] },
    createdAt: AT,
    startedAt: AT,
  });
  const nodes: NewNodeRunRow[] = Array.from({ length: NODES_PER_RUN }, (_, index) => ({
    runId,
    nodeId: `n${String(index).padStart(4, '0')}`,
    type: 'set',
    status: index === 0 ? 'queued' : index === 2 ? 'waiting' : 'pending',
    attempt: index === 0 ? 1 : 0,
    agentId: index === 0 ? 'agent-a' : null,
    waitingReason: index === 2 ? 'no agent has label [x]' : null,
    queuedAt: index === 0 ? AT : null,
  }));
  for (let start = 0; start < nodes.length; start += 500) await db.insert(nodeRuns).values(nodes.slice(start, start + 500));
  await db.insert(nodeTasks).values({ runId, nodeId: 'n0000', agentId: 'agent-a', attempt: 1, status: 'queued' });
}

/** What the result of a `set` node that succeeded writes (result-recorder.ts and node-transitions.ts); its output a JSON string of digits, which drizzle reads back as a number. */
function resultThatSettles(nodeId: string): { task: (runId: string) => TaskWrite; patch: NodeRunPatch; guard: NodeRunGuard } {
  const output = { text: 'ok', nested: { list: [1, null, 'three'] }, digits: '42' };
  return {
    task: (runId) => ({
      key: { runId, nodeId, agentId: 'agent-a', attempt: 1 },
      statusIn: ['queued', 'running'],
      patch: { status: 'succeeded', output, error: null, startedAt: AT, finishedAt: LATER },
    }),
    patch: { status: 'succeeded', output: '42', port: 'out', error: null, waitingReason: null, startedAt: AT, finishedAt: LATER, durationMs: 1333 },
    guard: { statusIn: ['pending', 'waiting', 'queued', 'running'], attempt: 1 },
  };
}

/** RunsRepository.updateNodeRunWithTask as drizzle built it. */
async function settleByDrizzle(tx: Transaction, task: TaskWrite, patch: NodeRunPatch, guard: NodeRunGuard): Promise<NodeRunRow | undefined> {
  const changed = tx.$with('changed_task').as(tx.update(nodeTasks).set(task.patch).where(fencedTask(task.key, task.statusIn)).returning({ taskNodeId: nodeTasks.nodeId }));
  const conditions = [eq(nodeRuns.runId, task.key.runId), eq(nodeRuns.nodeId, changed.taskNodeId), inArray(nodeRuns.status, [...guard.statusIn!]), eq(nodeRuns.attempt, guard.attempt!)];
  const [row] = await tx.with(changed).update(nodeRuns).set(patch).from(changed).where(and(...conditions)).returning(getTableColumns(nodeRuns));
  return row;
}

/** RunsRepository.dispatchFirstAttempts as drizzle built it. */
async function dispatchByDrizzle(tx: Transaction, runId: string, dispatches: ReadonlyArray<{ nodeId: string; nodeAgentId: string | null; agentIds: string[] }>, queuedAt: Date): Promise<string[]> {
  const values = JSON.stringify(dispatches.map((dispatch) => ({ node_id: dispatch.nodeId, agent_id: dispatch.nodeAgentId, agents: dispatch.agentIds })));
  const wanted = sql`jsonb_to_recordset(${values}::jsonb) as wanted(node_id text, agent_id text, agents jsonb)`;
  const nodes = tx.$with('dispatched_nodes').as(
    tx
      .update(nodeRuns)
      .set({ status: 'queued', attempt: 1, agentId: sql`wanted.agent_id`, waitingReason: null, startedAt: null, finishedAt: null, durationMs: null, error: null, output: null, port: null, queuedAt })
      .from(wanted)
      .where(and(eq(nodeRuns.runId, runId), sql`${nodeRuns.nodeId} = wanted.node_id`, eq(nodeRuns.attempt, 0), inArray(nodeRuns.status, ['pending', 'waiting'])))
      .returning({ nodeId: nodeRuns.nodeId, agents: sql<unknown>`wanted.agents`.as('agents') }),
  );
  const rows = sql`select ${runId}, ${nodes.nodeId}, agent.id, 1, 'queued', null::jsonb, null::jsonb, null::timestamptz, null::timestamptz, null::jsonb
    from ${nodes}, jsonb_array_elements_text(${nodes.agents}) as agent(id)`;
  const written = await tx.with(nodes).insert(nodeTasks).select(rows).returning({ nodeId: nodeTasks.nodeId });
  return [...new Set(written.map((row) => row.nodeId))].sort();
}

/** One claim as a statement of its own, built by drizzle: a batch of one claim must answer and write what it does. */
async function claimByDrizzle(db: Database, claim: ClaimKey, now: Date): Promise<{ runStatus: string | undefined; claimed: boolean }> {
  const at = now.toISOString();
  const result = await db.execute(sql`
    with run as (
      select status from runs where id = ${claim.runId}
    ), task as (
      update node_tasks set status = 'running', started_at = ${at}::timestamptz
        from run
       where run.status = 'running'
         and node_tasks.run_id = ${claim.runId} and node_tasks.node_id = ${claim.nodeId}
         and node_tasks.agent_id = ${claim.agentId} and node_tasks.attempt = ${claim.attempt}
         and node_tasks.status = 'queued'
      returning node_tasks.node_id
    ), node as (
      update node_runs set status = 'running', started_at = ${at}::timestamptz
        from task
       where node_runs.run_id = ${claim.runId} and node_runs.node_id = task.node_id and node_runs.status = 'queued'
      returning node_runs.node_id
    )
    select (select status from run) as run_status,
           (select count(*) from task)::int as claimed,
           (select count(*) from node)::int as node_started`);
  const [row] = (result as unknown as { rows: Array<{ run_status: string | null; claimed: number }> }).rows;
  return { runStatus: row?.run_status ?? undefined, claimed: (row?.claimed ?? 0) > 0 };
}

/** The two runs differ only in their ids: those are left out of what is compared. */
function withoutRunId(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutRunId);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'runId' && key !== 'id').map(([key, inner]) => [key, withoutRunId(inner)]));
  }
  return value;
}

/** JSON that keeps what a Date is, and says `undefined` where the answer was. */
function encode(value: unknown): unknown {
  if (value === undefined) return { $undefined: true };
  if (value instanceof Date) return { $date: value.toISOString() };
  if (Array.isArray(value)) return value.map(encode);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, encode(inner)]));
  return value;
}
