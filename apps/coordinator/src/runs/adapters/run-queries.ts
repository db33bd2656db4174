import { Injectable } from '@nestjs/common';
import { and, asc, desc, eq, exists, gt, gte, inArray, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { agents, nodeTasks, runLogs, runs, workflowVersions, type RunLogRow, type RunRow } from '@runtime-hub/db';
import type { RunStatus, RunTrigger } from '@runtime-hub/protocol';
import { chunks, ID_LIST_CHUNK, type Executor } from './runs.repository';

export interface RunListFilter {
  readonly status?: RunStatus | undefined;
  readonly workflowId?: string | undefined;
  readonly agentId?: string | undefined;
  readonly trigger?: RunTrigger | undefined;
  /** Only the runs this schedule, batch or hook started. */
  readonly triggerId?: string | undefined;
  /** Only the child runs this run started. */
  readonly parentRunId?: string | undefined;
  /** true: only runs no other run started; false: only child runs. */
  readonly topLevel?: boolean | undefined;
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
  /** Start strictly after this run (the previous page's last one). */
  readonly after?: { readonly createdAt: Date; readonly id: string } | undefined;
  readonly limit: number;
}

export interface LogFilter {
  readonly runId: string;
  readonly nodeId?: string | undefined;
  /** Also the lines of the child runs it started, and of theirs, all in recorded order. */
  readonly childRuns?: boolean | undefined;
  /** Only lines with a larger id (the `--follow` cursor). */
  readonly afterId?: number | undefined;
  readonly limit: number;
}

/** Reads for the REST API and the engine that are not about one run's state machine. */
@Injectable()
export class RunQueries {
  /** Newest first, keyset-paginated on (created_at, id) as the `runs_created_at_id_idx` index orders them. */
  async listRuns(db: Executor, filter: RunListFilter): Promise<RunRow[]> {
    const conditions: SQL[] = [];
    if (filter.status) conditions.push(eq(runs.status, filter.status));
    if (filter.workflowId) conditions.push(eq(runs.workflowId, filter.workflowId));
    if (filter.trigger) conditions.push(eq(runs.trigger, filter.trigger));
    if (filter.triggerId) conditions.push(eq(runs.triggerId, filter.triggerId));
    if (filter.parentRunId) conditions.push(eq(runs.parentRunId, filter.parentRunId));
    if (filter.topLevel !== undefined) conditions.push(filter.topLevel ? isNull(runs.parentRunId) : isNotNull(runs.parentRunId));
    if (filter.from) conditions.push(gte(runs.createdAt, filter.from));
    if (filter.to) conditions.push(lt(runs.createdAt, filter.to));
    if (filter.agentId) {
      const onAgent = db
        .select({ runId: nodeTasks.runId })
        .from(nodeTasks)
        .where(and(eq(nodeTasks.runId, runs.id), eq(nodeTasks.agentId, filter.agentId)));
      conditions.push(exists(onAgent));
    }
    if (filter.after) {
      const { createdAt, id } = filter.after;
      conditions.push(or(lt(runs.createdAt, createdAt), and(eq(runs.createdAt, createdAt), lt(runs.id, id)))!);
    }
    return db
      .select()
      .from(runs)
      .where(and(...conditions))
      .orderBy(desc(runs.createdAt), desc(runs.id))
      .limit(filter.limit);
  }

  async logs(db: Executor, filter: LogFilter): Promise<RunLogRow[]> {
    const conditions: SQL[] = [filter.childRuns ? inArray(runLogs.runId, runAndDescendants(filter.runId)) : eq(runLogs.runId, filter.runId)];
    if (filter.nodeId) conditions.push(eq(runLogs.nodeId, filter.nodeId));
    if (filter.afterId !== undefined) conditions.push(gt(runLogs.id, filter.afterId));
    return db
      .select()
      .from(runLogs)
      .where(and(...conditions))
      .orderBy(asc(runLogs.id))
      .limit(filter.limit);
  }

  /** Agent names by id (fan-out outputs are keyed by name); ids not found are left out. */
  async agentNames(db: Executor, agentIds: readonly string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const chunk of chunks([...new Set(agentIds)], ID_LIST_CHUNK)) {
      const rows = await db.select({ id: agents.id, name: agents.name }).from(agents).where(inArray(agents.id, chunk));
      for (const row of rows) names.set(row.id, row.name);
    }
    return names;
  }

  /**
   * The stored definition of a workflow version. Read here rather than through
   * WorkflowsService because the engine needs it inside its own transactions, and on the
   * embedded database (PGlite, one connection) a query outside the open transaction would
   * wait for that transaction forever.
   */
  async workflowDefinition(db: Executor, workflowId: string, version: number): Promise<unknown> {
    const [row] = await db
      .select({ definition: workflowVersions.definition })
      .from(workflowVersions)
      .where(and(eq(workflowVersions.workflowId, workflowId), eq(workflowVersions.version, version)));
    return row?.definition;
  }
}

/** The ids of a run and of every run below it (children, their children, ...), as a subquery. */
function runAndDescendants(runId: string): SQL {
  return sql`(with recursive tree(id) as (select ${runId}::text union all select ${runs.id} from ${runs} join tree on ${runs.parentRunId} = tree.id) select id from tree)`;
}
