import { Injectable } from '@nestjs/common';
import { and, eq, inArray, lt, ne, sql } from 'drizzle-orm';
import { nodeTasks, runs, type NewNodeTaskRow, type NodeTaskRow } from '@runtime-hub/db';
import type { NodeTaskStatus } from '@runtime-hub/protocol';
import type { TaskKey } from '../../dispatch/dispatch.ports';
import { chunks, ID_LIST_CHUNK, type Executor } from './runs.repository';
import { fencedTask } from './task-fencing';

export type NodeTaskPatch = Partial<Omit<NewNodeTaskRow, 'runId' | 'nodeId'>>;

/** Tasks that have not finished: what a cancel or a lost agent has to deal with. */
export const OPEN_TASK_STATUSES: readonly NodeTaskStatus[] = ['waiting', 'queued', 'running'];

/** A task the cancel of its run closed: what removing its job or stopping it needs. */
export type CancelledTask = Pick<NodeTaskRow, 'runId' | 'nodeId' | 'agentId' | 'attempt'>;

/**
 * Node tasks: one row per (node run, agent). The row always holds the task's current attempt;
 * every write names the attempt it expects (`WHERE attempt = $n`), which is the fencing that
 * keeps a late or duplicate result, or a claim of a superseded attempt, from being applied.
 */
@Injectable()
export class NodeTasksRepository {
  async tasksOfRun(db: Executor, runId: string): Promise<NodeTaskRow[]> {
    return db.select().from(nodeTasks).where(eq(nodeTasks.runId, runId));
  }

  /** The tasks of these nodes of the run. */
  async tasksOfNodes(db: Executor, runId: string, nodeIds: readonly string[]): Promise<NodeTaskRow[]> {
    const rows: NodeTaskRow[] = [];
    for (const chunk of chunks(nodeIds, ID_LIST_CHUNK)) {
      rows.push(...(await db.select().from(nodeTasks).where(and(eq(nodeTasks.runId, runId), inArray(nodeTasks.nodeId, chunk)))));
    }
    return rows;
  }

  async tasksOfNode(db: Executor, runId: string, nodeId: string): Promise<NodeTaskRow[]> {
    return db.select().from(nodeTasks).where(and(eq(nodeTasks.runId, runId), eq(nodeTasks.nodeId, nodeId)));
  }

  /** The node's tasks become exactly these (a new dispatch supersedes every earlier task row). */
  async replaceTasks(tx: Executor, runId: string, nodeId: string, rows: readonly NewNodeTaskRow[]): Promise<void> {
    await tx.delete(nodeTasks).where(and(eq(nodeTasks.runId, runId), eq(nodeTasks.nodeId, nodeId)));
    if (rows.length > 0) await tx.insert(nodeTasks).values([...rows]);
  }

  async deleteTasksOfNodes(tx: Executor, runId: string, nodeIds: readonly string[]): Promise<void> {
    if (nodeIds.length === 0) return;
    await tx.delete(nodeTasks).where(and(eq(nodeTasks.runId, runId), inArray(nodeTasks.nodeId, [...nodeIds])));
  }

  /**
   * The conditional update: changes the task only if it is still at `key.attempt` and in one
   * of `statusIn`. Undefined when it was not (duplicate, late, superseded or cancelled).
   */
  async updateTask(tx: Executor, key: TaskKey, statusIn: readonly NodeTaskStatus[], patch: NodeTaskPatch): Promise<NodeTaskRow | undefined> {
    const [row] = await tx.update(nodeTasks).set(patch).where(fencedTask(key, statusIn)).returning();
    return row;
  }

  /**
   * The conditional update of a fan-out cell, and how many other cells of its node are still
   * open, in one statement. The count is taken on the statement's snapshot, which does not
   * see this update: that is why the cell itself is left out of it. Undefined when the cell
   * was not at `key.attempt` in one of `statusIn`.
   */
  async updateCell(tx: Executor, key: TaskKey, statusIn: readonly NodeTaskStatus[], patch: NodeTaskPatch): Promise<{ otherOpenCells: number } | undefined> {
    const changed = tx.$with('changed_cell').as(tx.update(nodeTasks).set(patch).where(fencedTask(key, statusIn)).returning({ agentId: nodeTasks.agentId }));
    const [row] = await tx
      .with(changed)
      .select({
        changed: sql<number>`(select count(*) from ${changed})::int`,
        otherOpenCells: sql<number>`count(*)::int`,
      })
      .from(nodeTasks)
      .where(
        and(
          eq(nodeTasks.runId, key.runId),
          eq(nodeTasks.nodeId, key.nodeId),
          ne(nodeTasks.agentId, key.agentId),
          inArray(nodeTasks.status, [...OPEN_TASK_STATUSES]),
        ),
      );
    return row && row.changed > 0 ? { otherOpenCells: row.otherOpenCells } : undefined;
  }

  async findTask(db: Executor, runId: string, nodeId: string, agentId: string): Promise<NodeTaskRow | undefined> {
    const [row] = await db
      .select()
      .from(nodeTasks)
      .where(and(eq(nodeTasks.runId, runId), eq(nodeTasks.nodeId, nodeId), eq(nodeTasks.agentId, agentId)));
    return row;
  }

  /**
   * Every open task of the run: cancelled (with this patch), returned for job removal and stop
   * signals — their keys and former status only: a wide run's 10,000 full rows, read and
   * returned, held the event loop for 100 ms and more. The open tasks are read `FOR UPDATE`:
   * a claim takes no run lock, so one in flight is waited for and its `running` read, and none
   * can change a task between the read and the update (a task claimed meanwhile is stopped,
   * not just removed from the queue). They are locked in the order of their keys, as a batch
   * of claims locks them (task-claim.statement.ts).
   */
  async cancelOpenTasks(tx: Executor, runId: string, patch: NodeTaskPatch): Promise<Array<{ before: NodeTaskStatus; row: CancelledTask }>> {
    const key = { runId: nodeTasks.runId, nodeId: nodeTasks.nodeId, agentId: nodeTasks.agentId, attempt: nodeTasks.attempt };
    const open = await tx
      .select({ nodeId: nodeTasks.nodeId, agentId: nodeTasks.agentId, status: nodeTasks.status })
      .from(nodeTasks)
      .where(and(eq(nodeTasks.runId, runId), inArray(nodeTasks.status, [...OPEN_TASK_STATUSES])))
      .orderBy(nodeTasks.nodeId, nodeTasks.agentId)
      .for('update');
    if (open.length === 0) return [];
    const updated = await tx
      .update(nodeTasks)
      .set({ ...patch, status: 'cancelled' })
      .where(and(eq(nodeTasks.runId, runId), inArray(nodeTasks.status, [...OPEN_TASK_STATUSES])))
      .returning(key);
    const before = new Map(open.map((row) => [`${row.nodeId}/${row.agentId}`, row.status]));
    return updated.map((row) => ({ before: before.get(`${row.nodeId}/${row.agentId}`) ?? 'queued', row }));
  }

  /** Open tasks on an agent, in running runs (an agent went offline). */
  async openTasksOfAgent(db: Executor, agentId: string): Promise<NodeTaskRow[]> {
    const rows = await db
      .select({ task: nodeTasks })
      .from(nodeTasks)
      .innerJoin(runs, eq(runs.id, nodeTasks.runId))
      .where(and(eq(nodeTasks.agentId, agentId), inArray(nodeTasks.status, ['queued', 'running']), eq(runs.status, 'running')));
    return rows.map((row) => row.task);
  }

  /** Tasks of running runs that started running before `before`: the deadline watchdog's candidates. */
  async runningTasksStartedBefore(db: Executor, before: Date): Promise<NodeTaskRow[]> {
    const rows = await db
      .select({ task: nodeTasks })
      .from(nodeTasks)
      .innerJoin(runs, eq(runs.id, nodeTasks.runId))
      .where(and(eq(nodeTasks.status, 'running'), lt(nodeTasks.startedAt, before), eq(runs.status, 'running')));
    return rows.map((row) => row.task);
  }

  /** Queued tasks of running runs: the reconciler checks that each still has its job. */
  async queuedTasksOfRunningRuns(db: Executor): Promise<NodeTaskRow[]> {
    const rows = await db
      .select({ task: nodeTasks })
      .from(nodeTasks)
      .innerJoin(runs, eq(runs.id, nodeTasks.runId))
      .where(and(eq(nodeTasks.status, 'queued'), eq(runs.status, 'running')));
    return rows.map((row) => row.task);
  }
}
