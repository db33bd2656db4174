import { randomUUID } from 'node:crypto';
import { HttpStatus, Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ScheduleRow } from '@runtime-hub/db';
import {
  RUN_PRIORITY_DEFAULT,
  SCHEDULE_NEXT_FIRES_SHOWN,
  type CreateScheduleRequest,
  type ScheduleFirePage,
  type ScheduleFireRecord,
  type SchedulePreview,
  type SchedulePreviewRequest,
  type ScheduleRecord,
  type UpdateScheduleRequest,
} from '@runtime-hub/protocol';
import { Leases } from '../cluster/leases.service';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { SCHEDULE_FIRE_REPAIR_AGE_MS, SCHEDULE_FIRES_REPAIRED_PER_PASS } from '../config/defaults';
import { LOGGER, type Logger } from '../logging/logger';
import { ApiError } from '../openapi/api-error';
import { DatabaseService } from '../persistence/database.service';
import { RunInputsInvalidError } from '../runs/core/errors/run-inputs-invalid.error';
import { resolveRunInputs } from '../runs/core/run-inputs';
import { CLOCK, type Clock } from '../triggers/clock';
import { isUniqueViolation } from '../workflows/unique-violation';
import { WorkflowsService } from '../workflows/workflows.service';
import { ScheduleTimingError } from './errors/schedule-timing.error';
import { ScheduleNotFoundError } from './errors/schedule-not-found.error';
import { nextFires } from './fire-times';
import { ScheduleFires } from './schedule-fires.service';
import { ScheduleScheduler } from './schedule-scheduler';
import { parseTiming, timingPattern } from './schedule-timing';
import { scheduleTimingOf, toFireRecord, toScheduleRecord } from './schedule.views';
import { SchedulesRepository, type SchedulePatch } from './schedules.repository';

const SCHEDULE_NAME_INDEX = 'schedules_name_key';

/**
 * Schedules — README "Schedules": stored in Postgres, fired by one BullMQ job scheduler each.
 * Every change is written to Postgres first, then to the scheduler; at start, and every
 * RH_SCHEDULE_PRUNE_INTERVAL_MS, the schedulers in Redis are brought in line with Postgres
 * (missing ones added, changed ones replaced, orphans removed), so a Redis that lost its data
 * or a change cut off half-way is repaired without touching fires that are due.
 */
@Injectable()
export class SchedulesService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(DatabaseService) private readonly database: DatabaseService,
    @Inject(SchedulesRepository) private readonly repository: SchedulesRepository,
    @Inject(ScheduleScheduler) private readonly scheduler: ScheduleScheduler,
    @Inject(ScheduleFires) private readonly fires: ScheduleFires,
    @Inject(WorkflowsService) private readonly workflows: WorkflowsService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(Leases) private readonly leases: Leases,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.syncSchedulers().catch((error: unknown) => this.logger.error({ err: error }, 'bringing the schedulers in line with Postgres failed; retried later'));
    // Fires this or another coordinator recorded but died before starting: their runs now.
    await this.fires
      .startUnstarted(new Date(this.clock.now()), SCHEDULE_FIRES_REPAIRED_PER_PASS)
      .catch((error: unknown) => this.logger.error({ err: error }, 'starting the runs of unstarted schedule fires failed; retried later'));
    this.scheduler.startFiring();
    // Every replica fires (BullMQ hands each fire to one); one at a time keeps Redis in line with Postgres (its lease).
    const lease = this.leases.lease('schedule-sync');
    this.timer = setInterval(() => void (lease.admitsPass() && this.maintain()), this.config.schedules.pruneIntervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async create(request: CreateScheduleRequest): Promise<ScheduleRecord> {
    const now = this.clock.now();
    const timing = checkedTiming(() => parseTiming(request, now));
    const workflowName = await this.checkWorkflow(request.workflowId, request.version ?? null, request.inputs ?? {});
    const row = await this.writeUnique(request.name, () =>
      this.repository.insert(this.database.db, {
        id: randomUUID(),
        name: request.name,
        workflowId: request.workflowId,
        workflowVersion: request.version ?? null,
        cron: timing.kind === 'cron' ? timing.cron : null,
        timeZone: timing.kind === 'cron' ? timing.timeZone : null,
        everyMs: timing.kind === 'interval' ? timing.everyMs : null,
        inputs: request.inputs ?? {},
        targetLabels: request.targetLabels ?? null,
        misfire: request.misfire ?? 'skip',
        overlap: request.overlap ?? 'skip',
        priority: request.priority ?? RUN_PRIORITY_DEFAULT,
        paused: request.paused ?? false,
        anchorAt: new Date(now),
      }),
    );
    if (!row.paused) await this.scheduler.schedule(row.id, scheduleTimingOf(row));
    return this.record(row, workflowName);
  }

  async update(id: string, request: UpdateScheduleRequest): Promise<ScheduleRecord> {
    const current = await this.find(id);
    const now = this.clock.now();
    const cron = request.cron !== undefined ? request.cron : request.everyMs !== undefined && request.everyMs !== null ? null : current.cron;
    const everyMs = request.everyMs !== undefined ? request.everyMs : request.cron !== undefined && request.cron !== null ? null : current.everyMs;
    const timeZone = request.timeZone !== undefined ? request.timeZone : cron === null ? null : current.timeZone;
    const timing = checkedTiming(() => parseTiming({ cron, everyMs, timeZone }, now));
    const workflowId = request.workflowId ?? current.workflowId;
    const version = request.version !== undefined ? request.version : current.workflowVersion;
    const workflowName = await this.checkWorkflow(workflowId, version, request.inputs ?? current.inputs);
    const intervalChanged = timing.kind === 'interval' && timing.everyMs !== current.everyMs;
    const patch: SchedulePatch = {
      ...(request.name !== undefined ? { name: request.name } : {}),
      workflowId,
      workflowVersion: version,
      cron: timing.kind === 'cron' ? timing.cron : null,
      timeZone: timing.kind === 'cron' ? timing.timeZone : null,
      everyMs: timing.kind === 'interval' ? timing.everyMs : null,
      ...(request.inputs !== undefined ? { inputs: request.inputs } : {}),
      ...(request.targetLabels !== undefined ? { targetLabels: request.targetLabels } : {}),
      ...(request.misfire !== undefined ? { misfire: request.misfire } : {}),
      ...(request.overlap !== undefined ? { overlap: request.overlap } : {}),
      ...(request.priority !== undefined ? { priority: request.priority } : {}),
      ...(request.paused !== undefined ? { paused: request.paused } : {}),
      // A new interval counts from now, as does a resume.
      ...(intervalChanged || (request.paused === false && current.paused) ? { anchorAt: new Date(now) } : {}),
      updatedAt: new Date(now),
    };
    const row = await this.writeUnique(request.name ?? current.name, async () => (await this.repository.update(this.database.db, id, patch)) ?? current);
    await this.applyToScheduler(row);
    return this.record(row, workflowName);
  }

  pause(id: string): Promise<ScheduleRecord> {
    return this.update(id, { paused: true });
  }

  resume(id: string): Promise<ScheduleRecord> {
    return this.update(id, { paused: false });
  }

  async delete(id: string): Promise<void> {
    await this.find(id);
    await this.scheduler.unschedule(id);
    await this.repository.delete(this.database.db, id);
  }

  async runNow(id: string): Promise<ScheduleFireRecord> {
    await this.find(id);
    const fire = await this.fires.runNow(id);
    const status = fire.runId === null ? undefined : await this.repository.runStatus(this.database.db, fire.runId);
    return toFireRecord({ ...fire, runStatus: status ?? null });
  }

  async get(id: string): Promise<ScheduleRecord> {
    const row = await this.find(id);
    const names = await this.repository.workflowNames(this.database.db, [row.workflowId]);
    return this.record(row, names.get(row.workflowId) ?? row.workflowId);
  }

  async list(): Promise<ScheduleRecord[]> {
    const db = this.database.db;
    const rows = await this.repository.list(db);
    const [names, lastFires] = [await this.repository.workflowNames(db, rows.map((row) => row.workflowId)), await this.repository.lastFires(db, rows.map((row) => row.id))];
    const now = this.clock.now();
    return rows.map((row) => toScheduleRecord(row, names.get(row.workflowId) ?? row.workflowId, lastFires.get(row.id), now));
  }

  /** A page of the schedule's fires, newest first; the cursor is the last fire time of the page. */
  async fireHistory(id: string, cursor: string | undefined, limit: number): Promise<ScheduleFirePage> {
    await this.find(id);
    const before = cursor === undefined ? undefined : new Date(cursor);
    if (before !== undefined && Number.isNaN(before.getTime())) throw ApiError.badRequest('query.cursor: not a cursor from this API (pass back nextCursor as it was returned)');
    const rows = await this.repository.fires(this.database.db, id, { ...(before ? { before } : {}), limit: limit + 1 });
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return { items: page.map(toFireRecord), nextCursor: rows.length > limit && last ? last.fireAt.toISOString() : null };
  }

  preview(request: SchedulePreviewRequest): SchedulePreview {
    const now = this.clock.now();
    const timing = checkedTiming(() => parseTiming(request, now));
    return { nextFires: nextFires(timing, now, SCHEDULE_NEXT_FIRES_SHOWN).map((fire) => new Date(fire).toISOString()) };
  }

  private async find(id: string): Promise<ScheduleRow> {
    const row = await this.repository.find(this.database.db, id);
    if (!row) throw ApiError.notFound(new ScheduleNotFoundError(id).message);
    return row;
  }

  private async record(row: ScheduleRow, workflowName: string): Promise<ScheduleRecord> {
    const lastFires = await this.repository.lastFires(this.database.db, [row.id]);
    return toScheduleRecord(row, workflowName, lastFires.get(row.id), this.clock.now());
  }

  /** The workflow (and version) exists and takes these inputs; answers its name. */
  private async checkWorkflow(workflowId: string, version: number | null, inputs: Record<string, unknown>): Promise<string> {
    const stored = await this.workflows.getVersion(workflowId, version ?? undefined);
    const resolved = resolveRunInputs(stored.definition, inputs);
    if (!resolved.ok) throw new RunInputsInvalidError(resolved.problems);
    return stored.name;
  }

  private async writeUnique(name: string, write: () => Promise<ScheduleRow>): Promise<ScheduleRow> {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error, SCHEDULE_NAME_INDEX)) throw ApiError.conflict(`a schedule named "${name}" exists already`);
      throw error;
    }
  }

  private async applyToScheduler(row: ScheduleRow): Promise<void> {
    if (row.paused) await this.scheduler.unschedule(row.id);
    else await this.scheduler.schedule(row.id, scheduleTimingOf(row));
  }

  /** Every active schedule has its scheduler with its pattern; nothing else has one. */
  private async syncSchedulers(): Promise<void> {
    const rows = await this.repository.list(this.database.db);
    const scheduled = await this.scheduler.scheduled();
    for (const row of rows) {
      const pattern = scheduled.get(row.id);
      scheduled.delete(row.id);
      if (row.paused) {
        if (pattern !== undefined) await this.scheduler.unschedule(row.id);
      } else if (pattern !== timingPattern(scheduleTimingOf(row))) {
        await this.scheduler.schedule(row.id, scheduleTimingOf(row));
      }
    }
    for (const orphan of scheduled.keys()) await this.scheduler.unschedule(orphan);
  }

  private async maintain(): Promise<void> {
    try {
      await this.syncSchedulers();
      await this.fires.startUnstarted(new Date(this.clock.now() - SCHEDULE_FIRE_REPAIR_AGE_MS), SCHEDULE_FIRES_REPAIRED_PER_PASS);
      await this.repository.pruneFires(this.database.db, this.config.schedules.firesKept);
    } catch (error) {
      this.logger.warn({ err: error }, 'schedule maintenance failed; retried at the next interval');
    }
  }
}

/** A timing error as the REST answer: 400 naming the field. */
function checkedTiming<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof ScheduleTimingError) throw new ApiError(HttpStatus.BAD_REQUEST, 'INVALID_SCHEDULE', `body.${error.message}`, { field: error.field }, { cause: error });
    throw error;
  }
}
