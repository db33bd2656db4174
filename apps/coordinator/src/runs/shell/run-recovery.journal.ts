import { Inject, Injectable } from '@nestjs/common';
import { eq, sql } from 'drizzle-orm';
import { runs } from '@runtime-hub/db';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../../config/coordinator.config';
import { LOGGER, type Logger } from '../../logging/logger';
import { DatabaseService } from '../../persistence/database.service';
import { runError } from '../core/run-errors';
import { RunCanceller } from './run-canceller';

/**
 * The runs a starting coordinator recovers, counted in the run row (`runs.recoveries`): the
 * count goes up before a run is recovered and back to zero once it was, so a count left above
 * zero means a coordinator died while handling that run. A run that did so
 * `RH_RUN_MAX_RECOVERIES` times is quarantined (failed, RUN_QUARANTINED) instead of being
 * handled again: whatever in it takes the process down, the coordinator keeps serving.
 *
 * Only the first reconcile pass after a start counts: a poisoned run that crashed the process
 * in the middle of normal work is recovered by that pass after the restart, and crashes it
 * there again. Two statements per unfinished run per start, nothing on the hot path.
 */
@Injectable()
export class RunRecoveryJournal {
  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(DatabaseService) private readonly database: DatabaseService,
    @Inject(RunCanceller) private readonly canceller: RunCanceller,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Recovers the run with `recover` unless it is quarantined; answers whether it was recovered.
   * An exception from `recover` is not a death of the process: the count goes back to zero.
   */
  async recover(runId: string, recover: () => Promise<void>): Promise<boolean> {
    const [row] = await this.database.db
      .update(runs)
      .set({ recoveries: sql`${runs.recoveries} + 1` })
      .where(eq(runs.id, runId))
      .returning({ recoveries: runs.recoveries });
    if (!row) return false;
    const limit = this.config.runs.runMaxRecoveries;
    // `recoveries` counts this start too: the ones before it are the deaths.
    const deaths = row.recoveries - 1;
    if (deaths >= limit) {
      const message = `the coordinator stopped ${deaths} times while recovering this run (RH_RUN_MAX_RECOVERIES ${limit}); it is failed rather than handled again`;
      this.logger.error({ runId, deaths }, 'run quarantined: recovering it kept taking the coordinator down');
      await this.canceller.quarantine(runId, runError('RUN_QUARANTINED', message, { details: { deaths, limit } }));
      await this.reset(runId);
      return false;
    }
    try {
      await recover();
    } finally {
      await this.reset(runId);
    }
    return true;
  }

  private async reset(runId: string): Promise<void> {
    await this.database.db.update(runs).set({ recoveries: 0 }).where(eq(runs.id, runId));
  }
}
