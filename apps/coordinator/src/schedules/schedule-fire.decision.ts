import { TERMINAL_RUN_STATUSES, type MisfirePolicy, type OverlapPolicy, type RunStatus, type ScheduleFireOutcome } from '@runtime-hub/protocol';
import { firesBetween } from './fire-times';
import type { ScheduleTiming } from './schedule-timing';

/**
 * What one fire of a schedule does (docs/SCHEDULES.md, "Misfires" and "Overlap"), decided
 * purely from the schedule, the fire time and the clock's `nowMs` (injected, so tables test it).
 *
 * 1. Misfire: a fire handled more than `misfireGraceMs` after its time came too late (no
 *    coordinator was firing). It stands for every fire due by now that nobody handled — those
 *    before it, itself, and those after it up to now, which BullMQ never produces (it schedules
 *    the next fire after now): one misfire of N fires. `skip` records them and starts nothing;
 *    `run-once` goes on, once. A manual fire ("run now") is never late.
 * 2. Overlap: the schedule's previous run is still queued or running: `skip` records the
 *    fire; `queue` starts a run that waits for the previous one (at most `queueMax` waiting,
 *    then it skips); `cancel-previous` cancels the previous run, then starts.
 */
export interface FireInput {
  readonly timing: ScheduleTiming;
  readonly misfire: MisfirePolicy;
  readonly overlap: OverlapPolicy;
  readonly fireAtMs: number;
  readonly nowMs: number;
  readonly manual: boolean;
  /** The latest fire time handled before, or the schedule's anchor (creation, resume). */
  readonly handledUntilMs: number;
  readonly misfireGraceMs: number;
  /** The schedule's previous run, if it started one and that run still exists. */
  readonly previousRun: { readonly id: string; readonly status: RunStatus } | null;
  /** Runs of the schedule queued now (behind its running one). */
  readonly queuedRuns: number;
  readonly queueMax: number;
}

export interface FireDecision {
  readonly outcome: ScheduleFireOutcome;
  /** The latest fire time this decision accounts for: the schedule is handled up to here. */
  readonly handledUntilMs: number;
  /** Fires before this one that nobody handled, plus this one when it came too late. */
  readonly missedFires: number;
  /** Cancel this run first (overlap `cancel-previous`). */
  readonly cancelRunId: string | null;
  /** Start the run with the schedule's concurrency key: it waits for the previous one (overlap `queue`). */
  readonly waitForPrevious: boolean;
  readonly detail: string | null;
}

export function decideFire(input: FireInput): FireDecision {
  // 1. misfire
  const missedBefore = input.manual ? 0 : firesBetween(input.timing, input.handledUntilMs, input.fireAtMs).count;
  const lateMs = input.nowMs - input.fireAtMs;
  const late = !input.manual && lateMs > input.misfireGraceMs;
  const after = late ? firesBetween(input.timing, input.fireAtMs, input.nowMs + 1) : { count: 0, last: null };
  const missedFires = missedBefore + (late ? 1 + after.count : 0);
  const handledUntilMs = input.manual ? input.handledUntilMs : Math.max(input.handledUntilMs, after.last ?? input.fireAtMs);
  const notes: string[] = [];
  if (late) {
    const what = `${plural(missedFires, 'fire')} up to ${new Date(handledUntilMs).toISOString()} came too late (the first handled ${Math.round(lateMs / 1_000)} s after its time, grace ${Math.round(input.misfireGraceMs / 1_000)} s)`;
    if (input.misfire === 'skip') return skipped('skipped-misfire', missedFires, handledUntilMs, `${what}; misfire policy skip`);
    notes.push(`${what}; misfire policy run-once: one run for all of them`);
  } else if (missedBefore > 0) {
    notes.push(`${plural(missedBefore, 'earlier fire')} not handled (no coordinator was firing, or all were busy)`);
  }

  // 2. overlap
  const previous = input.previousRun;
  const previousOpen = previous !== null && !TERMINAL_RUN_STATUSES.includes(previous.status);
  let cancelRunId: string | null = null;
  let waitForPrevious = false;
  if (previous !== null && previousOpen) {
    switch (input.overlap) {
      case 'skip':
        return skipped('skipped-overlap', missedFires, handledUntilMs, join([...notes, `the previous run ${previous.id} is still ${previous.status}; overlap policy skip`]));
      case 'queue':
        if (input.queuedRuns >= input.queueMax) {
          return skipped('skipped-overlap', missedFires, handledUntilMs, join([...notes, `${plural(input.queuedRuns, 'run')} of this schedule already wait (at most ${input.queueMax}); overlap policy queue`]));
        }
        waitForPrevious = true;
        notes.push(`waits for the previous run ${previous.id} (overlap policy queue)`);
        break;
      case 'cancel-previous':
        cancelRunId = previous.id;
        notes.push(`cancelled the previous run ${previous.id} (overlap policy cancel-previous)`);
        break;
    }
  }
  return { outcome: 'started', missedFires, handledUntilMs, cancelRunId, waitForPrevious, detail: join(notes) };
}

function skipped(outcome: ScheduleFireOutcome, missedFires: number, handledUntilMs: number, detail: string | null): FireDecision {
  return { outcome, missedFires, handledUntilMs, cancelRunId: null, waitForPrevious: false, detail };
}

function join(notes: readonly string[]): string | null {
  return notes.length > 0 ? notes.join('; ') : null;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
