import { Inject, Injectable } from '@nestjs/common';
import { LIVE_PUBLISHER, type LivePublisher } from '../../live/live.ports';
import { LOGGER, type Logger } from '../../logging/logger';
import { DatabaseService } from '../../persistence/database.service';
import type { RunEffects } from '../core/run-effects';
import { toRunSummary } from '../core/run-records';
import { NodeUpdatesPublisher } from './node-updates.publisher';
import { RunsRepository } from './runs.repository';

/**
 * A committed transaction's changes for dashboards: changed nodes (node-updates.publisher.ts,
 * read only for runs a dashboard watches), changed runs (as the transaction wrote them, else
 * read back), and the coordinator's lines in run logs. Never throws: a failed live update is
 * only a stale view.
 */
@Injectable()
export class RunUpdatesPublisher {
  constructor(
    @Inject(DatabaseService) private readonly database: DatabaseService,
    @Inject(RunsRepository) private readonly runs: RunsRepository,
    @Inject(NodeUpdatesPublisher) private readonly nodeUpdates: NodeUpdatesPublisher,
    @Inject(LIVE_PUBLISHER) private readonly live: LivePublisher,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async publish(effects: RunEffects): Promise<void> {
    try {
      const db = this.database.db;
      for (const [runId, nodeIds] of effects.changedNodes) this.nodeUpdates.nodesChanged(runId, nodeIds);
      for (const runId of effects.changedRuns) {
        const run = effects.changedRunRows.get(runId) ?? (await this.runs.findRun(db, runId));
        if (run) this.live.runUpdated(toRunSummary(run));
      }
      for (const log of effects.logs) this.live.log(log.runId, log);
    } catch (error) {
      this.logger.warn({ err: error }, 'could not publish a live update');
    }
  }
}
