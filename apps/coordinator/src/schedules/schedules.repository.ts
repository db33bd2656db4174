import { Injectable } from '@nestjs/common';
import { and, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import { runs, scheduleFires, schedules, workflows, type NewScheduleFireRow, type NewScheduleRow, type ScheduleFireRow, type ScheduleRow, type Transaction } from '@runtime-hub/db';
import type { RunStatus } from '@runtime-hub/protocol';
import type { Executor } from '../runs/runs.repository';

export type SchedulePatch = Partial<Omit<NewScheduleRow, 'id' | 'createdAt'>>;

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

  /** The row locked for one fire's decision (`FOR UPDATE`): fires of one schedule are decided one at a time. */
  async lock(tx: Transaction, id: string): Promise<ScheduleRow | undefined> {
    const [row] = await tx.select().from(schedules).where(eq(schedules.id, id)).for('update');
    return row;
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

  async findFire(db: Executor, scheduleId: string, fireAt: Date): Promise<ScheduleFireRow | undefined> {
    const [row] = await db.select().from(scheduleFires).where(and(eq(scheduleFires.scheduleId, scheduleId), eq(scheduleFires.fireAt, fireAt)));
    return row;
  }

  /** Records a fire; false when it was recorded already (the key is the schedule and the fire time). */
  async insertFire(tx: Executor, row: NewScheduleFireRow): Promise<boolean> {
    const inserted = await tx.insert(scheduleFires).values(row).onConflictDoNothing().returning({ scheduleId: scheduleFires.scheduleId });
    return inserted.length > 0;
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
