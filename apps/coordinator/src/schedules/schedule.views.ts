import type { ScheduleRow } from '@runtime-hub/db';
import { SCHEDULE_NEXT_FIRES_SHOWN, type ScheduleFireRecord, type ScheduleRecord } from '@runtime-hub/protocol';
import { nextFires } from './fire-times';
import type { ScheduleTiming } from './schedule-timing';
import { DEFAULT_TIME_ZONE } from './schedule-timing';
import type { FireWithRun } from './schedules.repository';

/** The stored schedule's timing (checked when it was written). */
export function scheduleTimingOf(row: Pick<ScheduleRow, 'cron' | 'timeZone' | 'everyMs' | 'anchorAt'>): ScheduleTiming {
  if (row.cron !== null) return { kind: 'cron', cron: row.cron, timeZone: row.timeZone ?? DEFAULT_TIME_ZONE };
  return { kind: 'interval', everyMs: row.everyMs ?? 0, anchorMs: row.anchorAt.getTime() };
}

export function toFireRecord(row: FireWithRun): ScheduleFireRecord {
  return {
    scheduleId: row.scheduleId,
    fireAt: row.fireAt.toISOString(),
    handledAt: row.handledAt.toISOString(),
    manual: row.manual,
    outcome: row.outcome,
    runId: row.runId,
    runStatus: row.runStatus,
    missedFires: row.missedFires,
    detail: row.detail,
  };
}

/** A schedule as the REST API shows it: its next fires from `nowMs` (none while paused) and its last fire. */
export function toScheduleRecord(row: ScheduleRow, workflowName: string, lastFire: FireWithRun | undefined, nowMs: number): ScheduleRecord {
  return {
    id: row.id,
    name: row.name,
    workflowId: row.workflowId,
    workflowName,
    version: row.workflowVersion,
    cron: row.cron,
    timeZone: row.cron !== null ? (row.timeZone ?? DEFAULT_TIME_ZONE) : null,
    everyMs: row.everyMs,
    inputs: row.inputs,
    targetLabels: row.targetLabels,
    misfire: row.misfire,
    overlap: row.overlap,
    priority: row.priority,
    paused: row.paused,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    nextFires: row.paused ? [] : nextFires(scheduleTimingOf(row), nowMs, SCHEDULE_NEXT_FIRES_SHOWN).map((fire) => new Date(fire).toISOString()),
    lastFire: lastFire ? toFireRecord(lastFire) : null,
  };
}
