import { Inject, Injectable, Optional, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { desc, gte } from 'drizzle-orm';
import { runs } from '@runtime-hub/db';
import { ReplicaPresence } from '../../cluster/replica-presence';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../../config/coordinator.config';
import { REANNOUNCED_RUN_ENDS_MAX, REANNOUNCED_RUN_ENDS_TTLS } from '../../config/defaults';
import { LiveEvents } from '../../live/live.events';
import { LOGGER, type Logger } from '../../logging/logger';
import { DatabaseService } from '../../persistence/database.service';
import { toRunSummary } from '../core/run-records';

/**
 * A run's end is committed, then published to dashboards (run-effects.flusher.ts). A replica
 * killed between the two leaves the dashboards on the other replicas without that end, and
 * nothing else would tell them. The replica whose presence renewal finds a dead replica's
 * entry expired (once per death) sends the runs that ended within REANNOUNCED_RUN_ENDS_TTLS
 * lease lifetimes again; a dashboard that had them already sees the same state twice.
 */
@Injectable()
export class RunEndsReannouncer implements OnModuleInit, OnModuleDestroy {
  private stopListening: (() => void) | undefined;

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(DatabaseService) private readonly database: DatabaseService,
    @Inject(LiveEvents) private readonly live: LiveEvents,
    @Inject(LOGGER) private readonly logger: Logger,
    /** Absent where a test boots the engine without the cluster module: alone, no replica dies. */
    @Optional() @Inject(ReplicaPresence) private readonly presence?: ReplicaPresence,
  ) {}

  onModuleInit(): void {
    this.stopListening = this.presence?.onReplicaExpired(() => void this.reannounce());
  }

  onModuleDestroy(): void {
    this.stopListening?.();
  }

  /** Sends the recently ended runs again; returns how many. */
  async reannounce(): Promise<number> {
    try {
      const since = new Date(Date.now() - REANNOUNCED_RUN_ENDS_TTLS * this.config.replicas.leaseTtlMs);
      const ended = await this.database.db.select().from(runs).where(gte(runs.finishedAt, since)).orderBy(desc(runs.finishedAt)).limit(REANNOUNCED_RUN_ENDS_MAX);
      for (const row of ended) this.live.runReannounced(toRunSummary(row));
      this.logger.info({ runs: ended.length }, 'a replica died: the runs that ended lately were sent to dashboards again');
      return ended.length;
    } catch (error) {
      this.logger.warn({ err: error }, 'sending the lately ended runs again failed');
      return 0;
    }
  }
}
