import { Injectable } from '@nestjs/common';
import { and, eq, getTableColumns, gt, inArray, like, notInArray, sql } from 'drizzle-orm';
import {
  nodeRuns,
  nodeTasks,
  runs,
  type Database,
  type NewNodeRunRow,
  type NewRunRow,
  type NodeRunRow,
  type RunRow,
  type Transaction,
} from '@runtime-hub/db';
import type { TaskKey } from '../../dispatch/dispatch.ports';
import { NODE_ROWS_PER_READ } from '../../config/defaults';
import type { NodeTaskPatch } from './node-tasks.repository';
import { fencedTask } from './task-fencing';
import { EARLIER_ATTEMPT_CLEARED } from '../core/earlier-attempt';
import type { TransactionEnd } from '../../persistence/locking-transaction';
import { runPrepared } from '../../persistence/prepared-statements';
import { columnValue } from '../../persistence/table-rows';
import { END_RUN, endRunValues, LOCK_RUN } from './run-row.statements';
import { settleNodeWithTaskAndEndRun, type SettledAndEnded } from './settle-and-end.statement';
import { DISPATCH_FIRST_ATTEMPTS, NODE_RUNS_BY_ID, NODE_RUNS_FIRST_PAGE, NODE_RUNS_PAGE_AFTER, SETTLE_BUNDLED_STEPS, SETTLE_NODE_WITH_TASK, settleWithTaskValues } from './node-runs.statements';
import type { BundledStepWrite } from '../core/engine/engine.types';
import { TERMINAL_NODE_RUN_STATUSES, TERMINAL_RUN_STATUSES, type NodeRunStatus, type NodeTaskStatus, type RunError, type RunStatus } from '@runtime-hub/protocol';

/** A node row as planning sees it (RunsRepository.nodeStatuses). */
export type NodeRunStatusRow = Pick<NodeRunRow, 'nodeId' | 'status' | 'port' | 'attempt'>;

/** A database handle or an open transaction: queries are written once for both. */
export type Executor = Database | Transaction;

/**
 * Rows inserted by one statement. Postgres allows 65,535 bind parameters per statement; a run
 * row has 14 columns, so 500 rows stay far below the limit (a `foreach` over ten thousand
 * items writes its children in 20 statements).
 */
export const INSERT_CHUNK_ROWS = 500;

/** Ids looked up by one `IN (...)` list, for the same reason. */
export const ID_LIST_CHUNK = 1_000;

export type RunPatch = Partial<Omit<NewRunRow, 'id'>>;
export type NodeRunPatch = Partial<Omit<NewNodeRunRow, 'runId' | 'nodeId'>>;

/** A control node's outcome as the coordinator decided it (RunsRepository.settleDecided). */
export interface DecidedSettlement {
  readonly nodeId: string;
  /** The attempt the node was at when it was decided: the write's guard. */
  readonly expectedAttempt: number;
  readonly status: 'succeeded' | 'failed';
  readonly attempt: number;
  readonly output: unknown;
  readonly port: string | null;
  readonly error: RunError | null;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly durationMs: number;
}

/** A node's first dispatch (RunsRepository.dispatchFirstAttempts): its agents, and the one it names when it has one. */
export interface FirstDispatch {
  readonly nodeId: string;
  /** The node row's `agent_id`: its single agent; null for a fan-out. */
  readonly nodeAgentId: string | null;
  /** One task row each; never empty. */
  readonly agentIds: readonly string[];
  /** The single task's bundle (its node ids), if it carries one. */
  readonly bundle?: readonly string[];
}

/** A task's conditional update (node-tasks.repository.ts `updateTask`), made together with its node's. */
export interface TaskWrite {
  readonly key: TaskKey;
  readonly statusIn: readonly NodeTaskStatus[];
  readonly patch: NodeTaskPatch;
}

/** What a node's earlier attempt left in its row (core/earlier-attempt.ts, where the engine's decisions find it too). */
export { EARLIER_ATTEMPT_CLEARED };

/** Only update a node run that is still in one of these states (and at this attempt). */
export interface NodeRunGuard {
  readonly statusIn?: readonly NodeRunStatus[];
  readonly attempt?: number;
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

/**
 * Runs and node runs. Every write of the engine happens inside a transaction that holds the
 * run's row lock (`lockRun`), so two results of one run never interleave, on one coordinator
 * or across replicas.
 */
@Injectable()
export class RunsRepository {
  /** `SELECT ... FOR UPDATE` on the run row: the engine's one lock per run. */
  async lockRun(tx: Transaction, runId: string): Promise<RunRow | undefined> {
    const [row] = await runPrepared(tx, LOCK_RUN, [runId]);
    return row;
  }

  async findRun(db: Executor, runId: string): Promise<RunRow | undefined> {
    const [row] = await db.select().from(runs).where(eq(runs.id, runId));
    return row;
  }

  /** Inserts runs; a run whose id exists already is left as it is (child ids are derived). */
  async insertRuns(tx: Executor, rows: readonly NewRunRow[]): Promise<void> {
    for (const chunk of chunks(rows, INSERT_CHUNK_ROWS)) await tx.insert(runs).values(chunk).onConflictDoNothing();
  }

  /** One run, as stored (defaults filled); undefined when a run with its id exists already. */
  async insertRunReturning(tx: Executor, row: NewRunRow): Promise<RunRow | undefined> {
    const [inserted] = await tx.insert(runs).values(row).onConflictDoNothing().returning();
    return inserted;
  }

  async updateRun(tx: Executor, runId: string, patch: RunPatch, statusIn?: readonly RunStatus[]): Promise<RunRow | undefined> {
    const values = endRunValues(runId, patch, statusIn);
    if (values) return (await runPrepared(tx, END_RUN, values))[0];
    const where = statusIn ? and(eq(runs.id, runId), inArray(runs.status, [...statusIn])) : eq(runs.id, runId);
    const [row] = await tx.update(runs).set(patch).where(where).returning();
    return row;
  }

  async runsByStatus(db: Executor, status: RunStatus): Promise<RunRow[]> {
    return db.select().from(runs).where(eq(runs.status, status));
  }

  /** The child runs one attempt of a node started (ids share a derived prefix). */
  async childRuns(db: Executor, parentRunId: string, parentNodeId: string, idPrefix: string): Promise<RunRow[]> {
    return db
      .select()
      .from(runs)
      .where(and(eq(runs.parentRunId, parentRunId), eq(runs.parentNodeId, parentNodeId), like(runs.id, `${idPrefix}%`)));
  }

  /** Children of a run that have not finished, whichever node started them. */
  async unfinishedChildren(db: Executor, parentRunId: string): Promise<RunRow[]> {
    return db
      .select()
      .from(runs)
      .where(and(eq(runs.parentRunId, parentRunId), notInArray(runs.status, [...TERMINAL_RUN_STATUSES])));
  }

  /**
   * Every node row of the run, NODE_ROWS_PER_READ at a time in node id order (the primary
   * key's): the 10,000 rows of a wide run read and mapped at once held the event loop for
   * 40-100 ms on a busy host; each page is mapped in a turn of its own. Under the run's lock the
   * pages are one state; without it, like any unlocked read, they may straddle a write.
   */
  async nodeRuns(db: Executor, runId: string): Promise<NodeRunRow[]> {
    return readInPages((after) =>
      after === undefined ? runPrepared(db, NODE_RUNS_FIRST_PAGE, [runId, NODE_ROWS_PER_READ]) : runPrepared(db, NODE_RUNS_PAGE_AFTER, [runId, after, NODE_ROWS_PER_READ]),
    );
  }

  /**
   * What planning needs of every node of the run (status, port, attempt), without outputs,
   * errors or timestamps: an advance that finds nothing to do reads only this, which for a
   * run of 10,000 nodes is a fraction of the rows' cost. In pages, as `nodeRuns`.
   */
  async nodeStatuses(db: Executor, runId: string): Promise<NodeRunStatusRow[]> {
    return readInPages((after) =>
      db
        .select({ nodeId: nodeRuns.nodeId, status: nodeRuns.status, port: nodeRuns.port, attempt: nodeRuns.attempt })
        .from(nodeRuns)
        .where(nodesAfter(runId, after))
        .orderBy(nodeRuns.nodeId)
        .limit(NODE_ROWS_PER_READ),
    );
  }

  /**
   * Counted by Postgres, one row whatever the run's width: the run's nodes that could give an
   * advance work (`pending`: ready or to skip; `waiting`: an agent may match now), and those
   * not settled yet (the run cannot end while one is).
   */
  async openNodeCounts(db: Executor, runId: string): Promise<{ open: number; unsettled: number }> {
    const [row] = await db
      .select({
        open: sql<number>`count(*) filter (where ${inArray(nodeRuns.status, ['pending', 'waiting'])})`.mapWith(Number),
        unsettled: sql<number>`count(*) filter (where ${notInArray(nodeRuns.status, [...TERMINAL_NODE_RUN_STATUSES])})`.mapWith(Number),
      })
      .from(nodeRuns)
      .where(eq(nodeRuns.runId, runId));
    return { open: row?.open ?? 0, unsettled: row?.unsettled ?? 0 };
  }

  /** These nodes of the run (prepared: a wide run's every result reads its node). */
  async nodeRunsOf(db: Executor, runId: string, nodeIds: readonly string[]): Promise<NodeRunRow[]> {
    const rows: NodeRunRow[] = [];
    for (const chunk of chunks(nodeIds, ID_LIST_CHUNK)) rows.push(...(await runPrepared(db, NODE_RUNS_BY_ID, [runId, chunk])));
    return rows;
  }

  async nodeRun(db: Executor, runId: string, nodeId: string): Promise<NodeRunRow | undefined> {
    const [row] = await this.nodeRunsOf(db, runId, [nodeId]);
    return row;
  }

  /** Node runs of many runs (a foreach's children, to collect their outputs). */
  async nodeRunsOfRuns(db: Executor, runIds: readonly string[]): Promise<NodeRunRow[]> {
    const rows: NodeRunRow[] = [];
    for (const chunk of chunks(runIds, ID_LIST_CHUNK)) rows.push(...(await db.select().from(nodeRuns).where(inArray(nodeRuns.runId, chunk))));
    return rows;
  }

  async insertNodeRuns(tx: Executor, rows: readonly NewNodeRunRow[]): Promise<void> {
    for (const chunk of chunks(rows, INSERT_CHUNK_ROWS)) await tx.insert(nodeRuns).values(chunk).onConflictDoNothing();
  }

  /** Node rows as stored (defaults filled), in one statement: for a narrow run's start. */
  async insertNodeRunsReturning(tx: Executor, rows: readonly NewNodeRunRow[]): Promise<NodeRunRow[]> {
    return tx.insert(nodeRuns).values([...rows]).onConflictDoNothing().returning();
  }

  /** A conditional update: returns the row only when the guard held. */
  async updateNodeRun(tx: Executor, runId: string, nodeId: string, patch: NodeRunPatch, guard: NodeRunGuard = {}): Promise<NodeRunRow | undefined> {
    const conditions = [eq(nodeRuns.runId, runId), eq(nodeRuns.nodeId, nodeId)];
    if (guard.statusIn) conditions.push(inArray(nodeRuns.status, [...guard.statusIn]));
    if (guard.attempt !== undefined) conditions.push(eq(nodeRuns.attempt, guard.attempt));
    const [row] = await tx.update(nodeRuns).set(patch).where(and(...conditions)).returning();
    return row;
  }

  /**
   * A task's and its node's settle and, only when the node changed, the run's end, in one
   * statement (settle-and-end.statement.ts). Undefined when the writes have another shape: the
   * caller makes them one by one (updateNodeRunWithTask, updateRun). With `commit`, the
   * transaction's last statement, carrying its COMMIT.
   */
  async settleNodeWithTaskAndEndRun(
    tx: Executor,
    settle: { readonly task: TaskWrite; readonly patch: NodeRunPatch; readonly guard: NodeRunGuard },
    end: { readonly patch: RunPatch; readonly statusIn: readonly RunStatus[] | undefined },
    commit?: TransactionEnd,
  ): Promise<SettledAndEnded | undefined> {
    return settleNodeWithTaskAndEndRun(tx, settle, end, commit);
  }

  /**
   * A task's conditional update and its node's, in one statement (a data-modifying CTE): the
   * node changes only when the task did, so the fencing by attempt of the task still decides
   * whether anything is written. Returns the node row when both were.
   */
  async updateNodeRunWithTask(tx: Executor, task: TaskWrite, patch: NodeRunPatch, guard: NodeRunGuard = {}): Promise<NodeRunRow | undefined> {
    const values = settleWithTaskValues(task, patch, guard);
    if (values) return (await runPrepared(tx, SETTLE_NODE_WITH_TASK, values))[0];
    const changed = tx.$with('changed_task').as(tx.update(nodeTasks).set(task.patch).where(fencedTask(task.key, task.statusIn)).returning({ taskNodeId: nodeTasks.nodeId }));
    const conditions = [eq(nodeRuns.runId, task.key.runId), eq(nodeRuns.nodeId, changed.taskNodeId)];
    if (guard.statusIn) conditions.push(inArray(nodeRuns.status, [...guard.statusIn]));
    if (guard.attempt !== undefined) conditions.push(eq(nodeRuns.attempt, guard.attempt));
    const [row] = await tx.with(changed).update(nodeRuns).set(patch).from(changed).where(and(...conditions)).returning(getTableColumns(nodeRuns));
    return row;
  }

  /**
   * First dispatches of nodes that never had task rows (attempt 0), however many, in one
   * statement: each node's conditional update (still `pending` or `waiting`, still at attempt 0)
   * in a data-modifying CTE and, only for the nodes it matched, one `queued` task row per agent
   * at attempt 1. The values travel as one JSON parameter, so the statement's text is the same
   * for one node or a thousand. Returns the ids of the nodes written.
   */
  async dispatchFirstAttempts(tx: Executor, runId: string, dispatches: readonly FirstDispatch[], queuedAt: Date): Promise<Set<string>> {
    if (dispatches.length === 0) return new Set();
    const values = JSON.stringify(dispatches.map((dispatch) => ({ node_id: dispatch.nodeId, agent_id: dispatch.nodeAgentId, agents: dispatch.agentIds, bundle: dispatch.bundle ?? null })));
    const written = await runPrepared(tx, DISPATCH_FIRST_ATTEMPTS, [runId, values, columnValue(nodeRuns.queuedAt, queuedAt)]);
    return new Set(written.map((row) => row.nodeId));
  }

  /**
   * Bundled steps that succeeded, node and task rows, in one statement whatever their number
   * (SETTLE_BUNDLED_STEPS). Returns the ids of the nodes written.
   */
  async settleBundledSteps(tx: Executor, runId: string, steps: readonly BundledStepWrite[]): Promise<Set<string>> {
    if (steps.length === 0) return new Set();
    const values = JSON.stringify(
      steps.map((step) => ({
        node_id: step.nodeId,
        expected_attempt: step.expectedAttempt,
        attempt: step.attempt,
        agent_id: step.agentId,
        port: step.port,
        output: step.output ?? null,
        started_at: step.startedAt.toISOString(),
        finished_at: step.finishedAt.toISOString(),
        duration_ms: Math.max(0, step.finishedAt.getTime() - step.startedAt.getTime()),
      })),
    );
    const written = await runPrepared(tx, SETTLE_BUNDLED_STEPS, [runId, values]);
    return new Set(written.map((row) => row.nodeId));
  }

  /**
   * Control nodes the coordinator decided, settled in one statement whatever their number
   * (control-nodes.decider.ts): each row only while it is still `pending` at the attempt the
   * decision was made for. The values travel as one JSON parameter, so the statement's text
   * is the same for one node or a thousand. Returns the ids of the rows written.
   */
  async settleDecided(tx: Executor, runId: string, settlements: readonly DecidedSettlement[]): Promise<string[]> {
    if (settlements.length === 0) return [];
    const values = JSON.stringify(
      settlements.map((settlement) => ({
        node_id: settlement.nodeId,
        expected_attempt: settlement.expectedAttempt,
        status: settlement.status,
        attempt: settlement.attempt,
        output: settlement.output ?? null,
        port: settlement.port,
        error: settlement.error,
        started_at: settlement.startedAt.toISOString(),
        finished_at: settlement.finishedAt.toISOString(),
        duration_ms: settlement.durationMs,
      })),
    );
    const decided = sql`jsonb_to_recordset(${values}::jsonb) as decided(node_id text, expected_attempt integer, status text, attempt integer, output jsonb, port text, error jsonb, started_at timestamptz, finished_at timestamptz, duration_ms integer)`;
    const written = await tx
      .update(nodeRuns)
      .set({
        status: sql`decided.status`,
        attempt: sql`decided.attempt`,
        output: sql`decided.output`,
        port: sql`decided.port`,
        error: sql`decided.error`,
        agentId: null,
        waitingReason: null,
        queuedAt: sql`decided.started_at`,
        startedAt: sql`decided.started_at`,
        finishedAt: sql`decided.finished_at`,
        durationMs: sql`decided.duration_ms`,
      })
      .from(decided)
      .where(and(eq(nodeRuns.runId, runId), sql`${nodeRuns.nodeId} = decided.node_id`, sql`${nodeRuns.attempt} = decided.expected_attempt`, eq(nodeRuns.status, 'pending')))
      .returning({ nodeId: nodeRuns.nodeId });
    return written.map((row) => row.nodeId);
  }

  /** Marks pending nodes skipped (the planner's `skipped`). */
  async markSkipped(tx: Executor, runId: string, nodeIds: readonly string[], at: Date): Promise<NodeRunRow[]> {
    if (nodeIds.length === 0) return [];
    return tx
      .update(nodeRuns)
      .set({ status: 'skipped', finishedAt: at, waitingReason: null })
      .where(and(eq(nodeRuns.runId, runId), inArray(nodeRuns.nodeId, [...nodeIds]), eq(nodeRuns.status, 'pending')))
      .returning();
  }

  /** Every node of the run that has not settled: cancelled, with this error. */
  /** The ids of the nodes cancelled: only those, since a wide run's 10,000 full rows mapped at once held the event loop. */
  async cancelOpenNodes(tx: Executor, runId: string, patch: NodeRunPatch): Promise<Array<Pick<NodeRunRow, 'nodeId'>>> {
    return tx
      .update(nodeRuns)
      .set({ ...patch, status: 'cancelled' })
      .where(and(eq(nodeRuns.runId, runId), notInArray(nodeRuns.status, [...TERMINAL_NODE_RUN_STATUSES])))
      .returning({ nodeId: nodeRuns.nodeId });
  }

  /** Running runs that have a node waiting for an agent. */
  async runIdsWithWaitingNodes(db: Executor): Promise<string[]> {
    const rows = await db
      .selectDistinct({ runId: nodeRuns.runId })
      .from(nodeRuns)
      .innerJoin(runs, eq(runs.id, nodeRuns.runId))
      .where(and(eq(nodeRuns.status, 'waiting'), eq(runs.status, 'running')));
    return rows.map((row) => row.runId);
  }

  /** Runs not finished, for the reconciler and the active-runs gauge. */
  async unfinishedRunCount(db: Executor): Promise<number> {
    const [row] = await db
      .select({ count: sql<number>`count(*)::int` })
      .from(runs)
      .where(inArray(runs.status, ['queued', 'pending', 'running']));
    return row?.count ?? 0;
  }
}

/** The run's node rows after node id `after` (all of them without it). */
function nodesAfter(runId: string, after: string | undefined) {
  return after === undefined ? eq(nodeRuns.runId, runId) : and(eq(nodeRuns.runId, runId), gt(nodeRuns.nodeId, after));
}

/** Pages of NODE_ROWS_PER_READ rows in node id order, each read after the last one's id, until a short page. */
async function readInPages<Row extends { nodeId: string }>(page: (after: string | undefined) => PromiseLike<Row[]>): Promise<Row[]> {
  const rows: Row[] = [];
  for (;;) {
    const next = await page(rows.at(-1)?.nodeId);
    for (const row of next) rows.push(row);
    if (next.length < NODE_ROWS_PER_READ) return rows;
  }
}
