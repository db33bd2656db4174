import { Injectable } from '@nestjs/common';
import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { runs, scheduleFires, schedules, workflows, type NewScheduleFireRow, type NewScheduleRow, type ScheduleFireRow, type ScheduleRow, type Transaction } from '@runtime-hub/db';
import type { RunStatus } from '@runtime-hub/protocol';
import type { Executor } from '../runs/adapters/runs.repository';

export type SchedulePatch = Partial<Omit<NewScheduleRow, 'id' | 'createdAt'>>;

/** A schedule locked for a fire's decision, and what that decision reads. */
export interface LockedSchedule {
  readonly schedule: ScheduleRow;
  /** The fire recorded at that time already (a job handed out again), if any. */
  readonly recorded: ScheduleFireRow | undefined;
  /** The status of the schedule's last run; undefined when it has none (or it is gone). */
  readonly lastRunStatus: RunStatus | undefined;
}

export interface FireWithRun extends ScheduleFireRow {
  readonly runStatus: RunStatus | null;
}

/** Schedules and their fires. */
@Injectable()
export class SchedulesRepository {
  async insert(db: Executor, row: NewScheduleRow): Promise<ScheduleRow> {
    const [inserted] = await db.insert(schedules).values(row).returning();
    if (!inserted) throw new Error(`schedule ${row.id} was not written`);
    return inserted;
  }

  async find(db: Executor, id: string): Promise<ScheduleRow | undefined> {
    const [row] = await db.select().from(schedules).where(eq(schedules.id, id));
    return row;
  }

  async findByName(db: Executor, name: string): Promise<ScheduleRow | undefined> {
    const [row] = await db.select().from(schedules).where(eq(schedules.name, name));
    return row;
  }

  /**
   * The row locked for one fire's decision (`FOR UPDATE OF schedules`: fires of one schedule are
   * decided one at a time), with what the decision reads beside it — the fire already recorded at
   * that time and the status of the schedule's last run — in one statement.
   *
   * The locked row is read as it is once the lock is held; the joined fire and run status as they
   * were when the statement began, before any wait for the lock. A fire another worker recorded
   * meanwhile is caught by recordFire's conflict; a run status read a moment early is the race of a
   * run that ends just after any read.
   */
  async lockForFire(tx: Transaction, id: string, fireAt: Date): Promise<LockedSchedule | undefined> {
    const [row] = await tx
      .select({ schedule: schedules, recorded: scheduleFires, lastRunStatus: runs.status })
      .from(schedules)
      .leftJoin(scheduleFires, and(eq(scheduleFires.scheduleId, schedules.id), eq(scheduleFires.fireAt, fireAt)))
      .leftJoin(runs, eq(runs.id, schedules.lastRunId))
      .where(eq(schedules.id, id))
      .for('update', { of: schedules });
    return row ? { schedule: row.schedule, recorded: row.recorded ?? undefined, lastRunStatus: row.lastRunStatus ?? undefined } : undefined;
  }

  async list(db: Executor): Promise<ScheduleRow[]> {
    return db.select().from(schedules).orderBy(schedules.name);
  }

  async update(db: Executor, id: string, patch: SchedulePatch): Promise<ScheduleRow | undefined> {
    const [row] = await db.update(schedules).set(patch).where(eq(schedules.id, id)).returning();
    return row;
  }

  async delete(db: Executor, id: string): Promise<boolean> {
    const deleted = await db.delete(schedules).where(eq(schedules.id, id)).returning({ id: schedules.id });
    await db.delete(scheduleFires).where(eq(scheduleFires.scheduleId, id));
    return deleted.length > 0;
  }

  /** Workflow names by id (a schedule names its workflow by id; records show the name). */
  async workflowNames(db: Executor, ids: readonly string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows = await db.select({ id: workflows.id, name: workflows.name }).from(workflows).where(inArray(workflows.id, [...new Set(ids)]));
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  async runStatus(db: Executor, runId: string): Promise<RunStatus | undefined> {
    const [row] = await db.select({ status: runs.status }).from(runs).where(eq(runs.id, runId));
    return row?.status;
  }

  async queuedRunCount(db: Executor, scheduleId: string): Promise<number> {
    const [row] = await db
      .select({ count: sql<number>`count(*)::int` })
      .from(runs)
      .where(and(eq(runs.triggerId, scheduleId), eq(runs.trigger, 'schedule'), eq(runs.status, 'queued')));
    return row?.count ?? 0;
  }

  /**
   * Records a decided fire and moves the schedule on (`last_fire_at`, `last_run_id`) in one
   * statement; false, writing nothing, when that fire time was recorded already (by another worker
   * while this one waited for the schedule's lock).
   */
  async recordFire(tx: Transaction, row: NewScheduleFireRow, moved: Pick<SchedulePatch, 'lastFireAt' | 'lastRunId'>): Promise<boolean> {
    const insert = tx.insert(scheduleFires).values(row).onConflictDoNothing().returning({ scheduleId: scheduleFires.scheduleId });
    if (moved.lastFireAt === undefined && moved.lastRunId === undefined) return (await insert).length > 0;
    // A data-modifying CTE runs whether or not the statement reads it; the update reads it to move
    // the schedule on only when the fire was written.
    const recorded = tx.$with('recorded').as(insert);
    const updated = await tx
      .with(recorded)
      .update(schedules)
      .set(moved)
      .where(and(eq(schedules.id, row.scheduleId), sql`exists (select 1 from ${recorded})`))
      .returning({ id: schedules.id });
    return updated.length > 0;
  }

  async findFire(db: Executor, scheduleId: string, fireAt: Date): Promise<ScheduleFireRow | undefined> {
    const [row] = await db.select().from(scheduleFires).where(and(eq(scheduleFires.scheduleId, scheduleId), eq(scheduleFires.fireAt, fireAt)));
    return row;
  }

  async updateFire(db: Executor, scheduleId: string, fireAt: Date, patch: Partial<Pick<ScheduleFireRow, 'outcome' | 'detail' | 'runId'>>): Promise<void> {
    await db.update(scheduleFires).set(patch).where(and(eq(scheduleFires.scheduleId, scheduleId), eq(scheduleFires.fireAt, fireAt)));
  }

  /**
   * Fires recorded `started` whose run was never written (handled before `handledBefore`),
   * oldest first: the coordinator that recorded them died before it started their run.
   */
  async firesWithoutRun(db: Executor, options: { handledBefore: Date; limit: number }): Promise<ScheduleFireRow[]> {
    return db
      .select()
      .from(scheduleFires)
      .where(
        and(
          eq(scheduleFires.outcome, 'started'),
          lt(scheduleFires.handledAt, options.handledBefore),
          sql`${scheduleFires.runId} is not null and not exists (select 1 from ${runs} where ${runs.id} = ${scheduleFires.runId})`,
        ),
      )
      .orderBy(scheduleFires.handledAt)
      .limit(options.limit);
  }

  /** A schedule's fires, newest first, with their run's status; `before` pages by fire time. */
  async fires(db: Executor, scheduleId: string, options: { before?: Date; limit: number }): Promise<FireWithRun[]> {
    const conditions = [eq(scheduleFires.scheduleId, scheduleId)];
    if (options.before) conditions.push(lt(scheduleFires.fireAt, options.before));
    const rows = await db
      .select({ fire: scheduleFires, runStatus: runs.status })
      .from(scheduleFires)
      .leftJoin(runs, eq(runs.id, scheduleFires.runId))
      .where(and(...conditions))
      .orderBy(desc(scheduleFires.fireAt))
      .limit(options.limit);
    return rows.map((row) => ({ ...row.fire, runStatus: row.runStatus ?? null }));
  }

  /** The newest fire of each schedule, with its run's status. */
  async lastFires(db: Executor, scheduleIds: readonly string[]): Promise<Map<string, FireWithRun>> {
    if (scheduleIds.length === 0) return new Map();
    const rows = await db
      .selectDistinctOn([scheduleFires.scheduleId], { fire: scheduleFires, runStatus: runs.status })
      .from(scheduleFires)
      .leftJoin(runs, eq(runs.id, scheduleFires.runId))
      .where(inArray(scheduleFires.scheduleId, [...scheduleIds]))
      .orderBy(scheduleFires.scheduleId, desc(scheduleFires.fireAt));
    return new Map(rows.map((row) => [row.fire.scheduleId, { ...row.fire, runStatus: row.runStatus ?? null }]));
  }

  /** Deletes all but the newest `keep` fires of every schedule. */
  async pruneFires(db: Executor, keep: number): Promise<void> {
    await db.execute(sql`
      delete from schedule_fires f
       using (select schedule_id, fire_at,
                     row_number() over (partition by schedule_id order by fire_at desc) as rank
                from schedule_fires) old
       where old.rank > ${keep} and f.schedule_id = old.schedule_id and f.fire_at = old.fire_at`);
  }
}
