import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { LIVE_PUBLISHER, type LivePublisher } from '../../live/live.ports';
import { LOGGER, type Logger } from '../../logging/logger';
import { DatabaseService } from '../../persistence/database.service';
import { NodeTasksRepository } from './node-tasks.repository';
import { toNodeRunRecord } from '../core/run-records';
import { RunsRepository } from './runs.repository';

/**
 * `node:updated` for dashboards, one run at a time, in order. Commits of one run happen in
 * their order, but their publications read the node rows afterwards, concurrently: a slow read
 * of an older state could be sent after a newer one, and a dashboard would keep showing a
 * node `running` that already succeeded (an agent's acceptance and its result race for a fast
 * node). So the changed nodes of a run are collected and published by one loop per run: it
 * reads only the changed nodes, sends them, and reads again while more changed meanwhile. The
 * last read is always sent last, and a burst of changes (a fan-out's results) costs a few
 * reads, not one read of the whole run per change. Runs nobody watches cost nothing.
 */
@Injectable()
export class NodeUpdatesPublisher implements OnApplicationShutdown {
  private readonly changed = new Map<string, Set<string>>();
  private readonly publishing = new Map<string, Promise<void>>();

  constructor(
    @Inject(DatabaseService) private readonly database: DatabaseService,
    @Inject(RunsRepository) private readonly runs: RunsRepository,
    @Inject(NodeTasksRepository) private readonly tasks: NodeTasksRepository,
    @Inject(LIVE_PUBLISHER) private readonly live: LivePublisher,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** These nodes of the run changed (committed): dashboards watching it get their records. */
  nodesChanged(runId: string, nodeIds: Iterable<string>): void {
    if (!this.live.watchesRun(runId)) {
      this.changed.delete(runId);
      return;
    }
    let pending = this.changed.get(runId);
    if (!pending) this.changed.set(runId, (pending = new Set()));
    for (const nodeId of nodeIds) pending.add(nodeId);
    if (!this.publishing.has(runId)) this.publishing.set(runId, this.drain(runId));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.publishing.values()]);
  }

  private async drain(runId: string): Promise<void> {
    try {
      for (let nodeIds = this.take(runId); nodeIds.length > 0; nodeIds = this.take(runId)) {
        const db = this.database.db;
        const [rows, tasks] = await Promise.all([this.runs.nodeRunsOf(db, runId, nodeIds), this.tasks.tasksOfNodes(db, runId, nodeIds)]);
        for (const row of rows) this.live.nodeUpdated(toNodeRunRecord(row, tasks.filter((task) => task.nodeId === row.nodeId)));
      }
    } catch (error) {
      this.logger.warn({ err: error, runId }, 'could not publish a live node update');
    } finally {
      this.publishing.delete(runId);
      // A change that arrived after the last read and before this loop ended is published now.
      if (this.changed.has(runId)) this.nodesChanged(runId, []);
    }
  }

  private take(runId: string): string[] {
    const nodeIds = this.changed.get(runId);
    this.changed.delete(runId);
    return nodeIds ? [...nodeIds] : [];
  }
}
