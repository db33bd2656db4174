import { Inject, Injectable } from '@nestjs/common';
import type { ScheduleFireRow, ScheduleRow } from '@runtime-hub/db';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { LOGGER, type Logger } from '../logging/logger';
import { DatabaseService } from '../persistence/database.service';
import { RunEngine } from '../runs/shell/run-engine';
import { derivedRunId } from '../runs/core/run-start-options';
import { CLOCK, type Clock } from '../triggers/clock';
import { startRefusal } from '../triggers/start-refusal';
import { ScheduleNotFoundError } from './errors/schedule-not-found.error';
import { decideFire, type FireDecision } from './schedule-fire.decision';
import { scheduleTimingOf } from './schedule.views';
import { SchedulesRepository } from './schedules.repository';
import { triggerActor } from '../triggers/trigger-actor';

/** The concurrency key of a schedule whose overlap policy is `queue`: its runs are admitted one at a time. */
export function scheduleConcurrencyKey(scheduleId: string): string {
  return `schedule:${scheduleId}`;
}

interface Decided {
  readonly schedule: ScheduleRow;
  readonly fire: ScheduleFireRow;
  /** Set when this call decided the fire; undefined when it had been decided before (a repeated job). */
  readonly decision?: FireDecision;
}

/**
 * One fire of a schedule — README "A fire, step by step":
 *
 * 1. In one short transaction holding the schedule's row lock: a fire already recorded under
 *    (schedule, fire time) is not decided again; otherwise decideFire (misfire, overlap) on
 *    the schedule's last handled fire and previous run, and the fire is recorded with the id
 *    its run will have (derived from schedule and fire time).
 * 2. After the commit: cancel the previous run (overlap `cancel-previous`), then start the run
 *    through RunEngine.start with that id. A start that is refused (the workflow no longer
 *    validates, an input is wrong, no agent can match) makes the fire `refused` with the reason;
 *    any other failure is thrown, and the fire's job is tried again: the start, with the same
 *    run id, then happens once.
 */
@Injectable()
export class ScheduleFires {
  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(DatabaseService) private readonly database: DatabaseService,
    @Inject(SchedulesRepository) private readonly repository: SchedulesRepository,
    @Inject(RunEngine) private readonly engine: RunEngine,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** A fire of the schedule's timing (its BullMQ job). Nothing happens for a deleted or paused schedule. */
  async fire(scheduleId: string, fireAtMs: number): Promise<void> {
    await this.handle(scheduleId, fireAtMs, false);
  }

  /** "Run now": a manual fire at this instant, under the schedule's overlap policy. */
  async runNow(scheduleId: string): Promise<ScheduleFireRow> {
    const fire = await this.handle(scheduleId, this.clock.now(), true);
    if (!fire) throw new ScheduleNotFoundError(scheduleId);
    return fire;
  }

  private async handle(scheduleId: string, fireAtMs: number, manual: boolean): Promise<ScheduleFireRow | undefined> {
    const decided = await this.decide(scheduleId, fireAtMs, manual);
    if (!decided) return undefined;
    const { schedule, fire, decision } = decided;
    if (fire.outcome !== 'started' || fire.runId === null) return fire;
    if (decision?.cancelRunId) await this.cancelPrevious(schedule, decision.cancelRunId, fire.fireAt);
    return this.start(schedule, fire);
  }

  /**
   * Starts the runs of fires recorded `started` but never started (the coordinator died between
   * recording a fire and starting its run), with the run id the fire holds, so a fire job that
   * BullMQ also hands out again starts nothing twice. `handledBefore` leaves alone the fires
   * another coordinator may be starting right now. Returns how many were started.
   */
  async startUnstarted(handledBefore: Date, limit: number): Promise<number> {
    const fires = await this.repository.firesWithoutRun(this.database.db, { handledBefore, limit });
    let started = 0;
    for (const fire of fires) {
      const schedule = await this.repository.find(this.database.db, fire.scheduleId);
      if (!schedule) continue;
      try {
        const outcome = await this.start(schedule, fire);
        if (outcome.outcome !== 'started') continue;
        started += 1;
        this.logger.info({ scheduleId: schedule.id, fireAt: fire.fireAt.toISOString(), runId: fire.runId }, 'started the run of a schedule fire its coordinator did not start');
      } catch (error) {
        // The fire's job, handed out again, may have started it meanwhile; the next pass looks again.
        this.logger.warn({ err: error, scheduleId: schedule.id, fireAt: fire.fireAt.toISOString() }, 'starting the run of an unstarted schedule fire failed');
      }
    }
    return started;
  }

  // 1. decide and record, under the schedule's lock: one statement to read, one to write
  private async decide(scheduleId: string, fireAtMs: number, manual: boolean): Promise<Decided | undefined> {
    const fireAt = new Date(fireAtMs);
    return this.database.db.transaction(async (tx) => {
      const locked = await this.repository.lockForFire(tx, scheduleId, fireAt);
      if (!locked || (locked.schedule.paused && !manual)) return undefined;
      const { schedule, recorded, lastRunStatus } = locked;
      if (recorded) return { schedule, fire: recorded };

      const decision = decideFire({
        timing: scheduleTimingOf(schedule),
        misfire: schedule.misfire,
        overlap: schedule.overlap,
        fireAtMs,
        nowMs: this.clock.now(),
        manual,
        handledUntilMs: Math.max(schedule.lastFireAt?.getTime() ?? 0, schedule.anchorAt.getTime()),
        misfireGraceMs: this.config.schedules.misfireGraceMs,
        previousRun: schedule.lastRunId !== null && lastRunStatus !== undefined ? { id: schedule.lastRunId, status: lastRunStatus } : null,
        queuedRuns: schedule.overlap === 'queue' ? await this.repository.queuedRunCount(tx, scheduleId) : 0,
        queueMax: this.config.schedules.queueMax,
      });
      const runId = decision.outcome === 'started' ? derivedRunId('schedule', scheduleId, fireAtMs) : null;
      const fire: ScheduleFireRow = {
        scheduleId,
        fireAt,
        handledAt: new Date(this.clock.now()),
        manual,
        outcome: decision.outcome,
        runId,
        missedFires: decision.missedFires,
        detail: decision.detail,
      };
      const handledUntil = new Date(decision.handledUntilMs);
      // A manual fire ("run now") handles no fire time of the timing; a skipped one starts no run.
      const written = await this.repository.recordFire(tx, fire, {
        ...(manual || (schedule.lastFireAt !== null && schedule.lastFireAt >= handledUntil) ? {} : { lastFireAt: handledUntil }),
        ...(runId !== null ? { lastRunId: runId } : {}),
      });
      if (written) return { schedule, fire, decision };
      // Recorded by another worker while this one waited for the lock: that decision stands.
      const recordedMeanwhile = await this.repository.findFire(tx, scheduleId, fireAt);
      if (!recordedMeanwhile) throw new Error(`schedule ${scheduleId}: the fire at ${fireAt.toISOString()} was neither written nor found`);
      return { schedule, fire: recordedMeanwhile };
    });
  }

  // 2. carry it out
  private async cancelPrevious(schedule: ScheduleRow, runId: string, fireAt: Date): Promise<void> {
    const reason = `superseded by the fire at ${fireAt.toISOString()} of schedule "${schedule.name}" (overlap policy cancel-previous)`;
    // A run that ended (409) or is gone (404) meanwhile needs no cancel.
    await this.engine.cancel(runId, reason, triggerActor('schedule', schedule.name)).catch((error: unknown) => this.logger.info({ err: error, runId }, 'the previous run of a schedule ended before it was cancelled'));
  }

  private async start(schedule: ScheduleRow, fire: ScheduleFireRow): Promise<ScheduleFireRow> {
    try {
      await this.engine.start(
        { workflowId: schedule.workflowId, ...(schedule.workflowVersion !== null ? { version: schedule.workflowVersion } : {}), inputs: schedule.inputs },
        'schedule',
        {
          runId: fire.runId ?? undefined,
          triggerId: schedule.id,
          startedBy: triggerActor('schedule', schedule.name),
          priority: schedule.priority,
          ...(schedule.targetLabels ? { targetOverride: { labels: schedule.targetLabels } } : {}),
          ...(schedule.overlap === 'queue' ? { concurrencyKey: scheduleConcurrencyKey(schedule.id) } : {}),
        },
      );
      return fire;
    } catch (error) {
      const refusal = startRefusal(error);
      if (refusal === null) throw error;
      const detail = fire.detail ? `${fire.detail}; ${refusal}` : refusal;
      await this.repository.updateFire(this.database.db, fire.scheduleId, fire.fireAt, { outcome: 'refused', detail, runId: null });
      this.logger.warn({ scheduleId: schedule.id, fireAt: fire.fireAt.toISOString(), refusal }, 'a schedule fire could not start its run');
      return { ...fire, outcome: 'refused', detail, runId: null };
    }
  }
}
