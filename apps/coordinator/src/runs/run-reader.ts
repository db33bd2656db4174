import { setImmediate as nextTurn } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import type { NodeRunRecord, RunLogRecord, RunRecord, RunSummary } from '@runtime-hub/protocol';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { DatabaseService } from '../persistence/database.service';
import { RunNotFoundError } from './errors/run-not-found.error';
import { NodeTasksRepository } from './node-tasks.repository';
import { encodeRunCursor } from './run-cursor';
import { RunDefinitions } from './run-definitions';
import { RunQueries, type LogFilter, type RunListFilter } from './run-queries';
import { inDefinitionOrder, toNodeRunRecord, toRunLogRecord, toRunSummary } from './run-records';
import { RunsRepository } from './runs.repository';

export interface Page<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

/** Runs as the REST API, the CLI and the live snapshot read them. */
@Injectable()
export class RunReader {
  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
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
   * The records are built `nodesPerTurn` at a time with the event loop given back between: the
   * rows and tasks of a 10,000-node run mapped in one go held `/health` and heartbeats for
   * 100-200 ms on a busy host.
   */
  async record(runId: string): Promise<RunRecord | null> {
    const db = this.database.db;
    const run = await this.runs.findRun(db, runId);
    if (!run) return null;
    const [rows, tasks, loaded] = await Promise.all([
      this.runs.nodeRuns(db, runId),
      this.tasks.tasksOfRun(db, runId),
      this.definitions.load(db, run.workflowId, run.workflowVersion),
    ]);
    await nextTurn();
    // Tasks grouped once: filtering all of them for each node made the view of a 10,000-node
    // run quadratic (close to a second of a blocked event loop).
    const tasksByNode = new Map<string, typeof tasks>();
    for (const task of tasks) {
      const ofNode = tasksByNode.get(task.nodeId);
      if (ofNode) ofNode.push(task);
      else tasksByNode.set(task.nodeId, [task]);
    }
    const ordered = inDefinitionOrder(rows, loaded.graph.nodeIds);
    const nodes: NodeRunRecord[] = [];
    for (let start = 0; start < ordered.length; start += this.config.nodes.yieldEveryNodes) {
      await nextTurn();
      for (const row of ordered.slice(start, start + this.config.nodes.yieldEveryNodes)) nodes.push(toNodeRunRecord(row, tasksByNode.get(row.nodeId) ?? []));
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
