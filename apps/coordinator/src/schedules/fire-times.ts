import { CronExpressionParser } from 'cron-parser';
import type { ScheduleTiming } from './schedule-timing';
import { resolveWallClock, wallClock } from './zoned-clock';

/**
 * Fire times of a schedule (docs/SCHEDULES.md, "When a schedule fires"). Pure: every function
 * takes the instant it computes from.
 *
 * Interval: anchor + k × every (k = 1, 2, ...): absolute time, untouched by DST.
 *
 * Cron: the cron names wall-clock times of its zone; each is resolved to an instant
 * (resolveWallClock): a time that exists once fires then; a time the change to winter time
 * repeats fires once, at its first occurrence; times the change to summer time skips fire once,
 * together, at the moment the clock jumps. Several times resolving to one instant fire once.
 */

/** Cron candidates one search may pass over without a new fire: a seconds cron crossing a skipped hour passes 3,600. */
const MAX_CRON_STEPS = 1_000_000;

/** The first fire strictly after `afterMs`; null when the cron names no time ever again. */
export function nextFireAfter(timing: ScheduleTiming, afterMs: number): number | null {
  if (timing.kind === 'interval') {
    const first = timing.anchorMs + timing.everyMs;
    if (afterMs < first) return first;
    return timing.anchorMs + (Math.floor((afterMs - timing.anchorMs) / timing.everyMs) + 1) * timing.everyMs;
  }
  const next = cronFiresAfter(timing, afterMs).next();
  return next.done ? null : next.value;
}

/**
 * The cron's fire instants after `afterMs`, increasing, each once. Resolving is non-decreasing
 * in the wall-clock time, so candidates start at the wall clock of `afterMs` (no earlier one
 * resolves later) and a candidate resolving to the instant just yielded is the same fire.
 */
function* cronFiresAfter(timing: Extract<ScheduleTiming, { kind: 'cron' }>, afterMs: number): Generator<number> {
  const iterator = CronExpressionParser.parse(timing.cron, { tz: 'UTC', currentDate: new Date(wallClock(afterMs, timing.timeZone)) });
  let last = afterMs;
  for (let step = 0; step < MAX_CRON_STEPS; step += 1) {
    let wall: number;
    try {
      wall = iterator.next().getTime();
    } catch {
      return;
    }
    const instant = resolveWallClock(wall, timing.timeZone);
    if (instant > last) {
      last = instant;
      step = 0;
      yield instant;
    }
  }
}

/** The next `count` fires after `afterMs`, in order. */
export function nextFires(timing: ScheduleTiming, afterMs: number, count: number): number[] {
  const fires: number[] = [];
  if (timing.kind === 'interval') {
    const first = nextFireAfter(timing, afterMs) as number;
    for (let index = 0; index < count; index += 1) fires.push(first + index * timing.everyMs);
    return fires;
  }
  for (const fire of cronFiresAfter(timing, afterMs)) {
    fires.push(fire);
    if (fires.length >= count) break;
  }
  return fires;
}

/** Missed fires are counted up to this; a schedule down longer says "at least". */
export const MISSED_FIRES_COUNT_MAX = 10_000;

/** Fires in a range: how many (at most MISSED_FIRES_COUNT_MAX) and the last one. */
export interface FireSpan {
  readonly count: number;
  readonly last: number | null;
}

/** The fires strictly between `fromMs` and `toMs`. */
export function firesBetween(timing: ScheduleTiming, fromMs: number, toMs: number): FireSpan {
  if (toMs <= fromMs) return { count: 0, last: null };
  if (timing.kind === 'interval') {
    const first = nextFireAfter(timing, fromMs) as number;
    if (first >= toMs) return { count: 0, last: null };
    const count = Math.floor((toMs - 1 - first) / timing.everyMs) + 1;
    return { count: Math.min(count, MISSED_FIRES_COUNT_MAX), last: first + (count - 1) * timing.everyMs };
  }
  let count = 0;
  let last: number | null = null;
  for (const fire of cronFiresAfter(timing, fromMs)) {
    if (fire >= toMs) break;
    last = fire;
    if (count < MISSED_FIRES_COUNT_MAX) count += 1;
  }
  return { count, last };
}
