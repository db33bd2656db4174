import { setImmediate as nextTurn } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import type { NodeRunRecord, RunLogRecord, RunRecord, RunSummary } from '@runtime-hub/protocol';
import type { NodeRunRow, NodeTaskRow } from '@runtime-hub/db';
import { RUN_VIEW_PAGE_NODES } from '../../config/defaults';
import { DatabaseService } from '../../persistence/database.service';
import { RunNotFoundError } from '../core/errors/run-not-found.error';
import { NodeTasksRepository } from './node-tasks.repository';
import { encodeRunCursor } from '../core/run-cursor';
import { RunDefinitions } from './run-definitions';
import { RunQueries, type LogFilter, type RunListFilter } from './run-queries';
import { inDefinitionOrder, toNodeRunRecord, toRunLogRecord, toRunSummary } from '../core/run-records';
import { RunsRepository } from './runs.repository';

/** One page's node records in the page's order; a node's tasks grouped once (filtering all tasks per node was quadratic). */
function pageRecords(rows: readonly NodeRunRow[], tasks: readonly NodeTaskRow[], nodeIds: readonly string[]): NodeRunRecord[] {
  const tasksByNode = new Map<string, NodeTaskRow[]>();
  for (const task of tasks) {
    const ofNode = tasksByNode.get(task.nodeId);
    if (ofNode) ofNode.push(task);
    else tasksByNode.set(task.nodeId, [task]);
  }
  return inDefinitionOrder(rows, nodeIds).map((row) => toNodeRunRecord(row, tasksByNode.get(row.nodeId) ?? []));
}

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

/** Runs as the REST API, the CLI and the live snapshot read them. */
@Injectable()
export class RunReader {
  constructor(
    @Inject(DatabaseService) private readonly database: DatabaseService,
    @Inject(RunsRepository) private readonly runs: RunsRepository,
    @Inject(NodeTasksRepository) private readonly tasks: NodeTasksRepository,
    @Inject(RunQueries) private readonly queries: RunQueries,
    @Inject(RunDefinitions) private readonly definitions: RunDefinitions,
  ) {}

  async summary(runId: string): Promise<RunSummary> {
    const run = await this.runs.findRun(this.database.db, runId);
    if (!run) throw new RunNotFoundError(runId);
    return toRunSummary(run);
  }

  /**
   * The run with every node run and its tasks, nodes in definition order. Null: no such run.
   * Read and built a page of RUN_VIEW_PAGE_NODES node ids at a time (every node row of a run is
   * one of its definition's nodes), the event loop given back between pages: the 10,000 rows
   * and tasks of a wide run read and mapped at once held `/health` and heartbeats for 100-200 ms
   * on a busy host. Like the two queries it was before, the view is not one snapshot: a node
   * that settles meanwhile may show in either state.
   */
  async record(runId: string): Promise<RunRecord | null> {
    const db = this.database.db;
    const run = await this.runs.findRun(db, runId);
    if (!run) return null;
    const { graph } = await this.definitions.load(db, run.workflowId, run.workflowVersion);
    const nodes: NodeRunRecord[] = [];
    for (let start = 0; start < graph.nodeIds.length; start += RUN_VIEW_PAGE_NODES) {
      const page = graph.nodeIds.slice(start, start + RUN_VIEW_PAGE_NODES);
      const [rows, tasks] = await Promise.all([this.runs.nodeRunsOf(db, runId, page), this.tasks.tasksOfNodes(db, runId, page)]);
      await nextTurn();
      nodes.push(...pageRecords(rows, tasks, page));
    }
    return { ...toRunSummary(run), nodes };
  }

  async list(filter: RunListFilter): Promise<Page<RunSummary>> {
    const rows = await this.queries.listRuns(this.database.db, { ...filter, limit: filter.limit + 1 });
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toRunSummary),
      nextCursor: rows.length > filter.limit && last ? encodeRunCursor(last.createdAt, last.id) : null,
    };
  }

  /** A page of log lines; `nextCursor` is the last line's id when more may follow. */
  async logs(filter: LogFilter): Promise<Page<RunLogRecord>> {
    await this.summary(filter.runId);
    const rows = await this.queries.logs(this.database.db, { ...filter, limit: filter.limit + 1 });
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    return { items: page.map(toRunLogRecord), nextCursor: rows.length > filter.limit && last ? String(last.id) : null };
  }
}
