import { CronExpressionParser } from 'cron-parser';
import { SCHEDULE_MAX_INTERVAL_MS, SCHEDULE_MIN_INTERVAL_MS } from '@runtime-hub/protocol';
import { ScheduleTimingError } from './errors/schedule-timing.error';
import { isKnownTimeZone } from './zoned-clock';

/**
 * When a schedule fires, checked and normalized (STYLE.md §7): a cron in a time zone, or a
 * fixed interval counted from an anchor (the schedule's creation or last resume).
 */
export type ScheduleTiming =
  | { readonly kind: 'cron'; readonly cron: string; readonly timeZone: string }
  | { readonly kind: 'interval'; readonly everyMs: number; readonly anchorMs: number };

/** The zone of a cron that names none. */
export const DEFAULT_TIME_ZONE = 'UTC';

/** `@daily` and friends, as cron-parser reads them. */
const CRON_ALIAS = /^@(yearly|annually|monthly|weekly|daily|hourly|minutely|secondly|weekdays|weekends)$/;

/** A cron has five fields (minute first) or six (second first). */
const CRON_FIELD_COUNTS: readonly number[] = [5, 6];

export interface TimingFields {
  readonly cron?: string | null | undefined;
  readonly timeZone?: string | null | undefined;
  readonly everyMs?: number | null | undefined;
}

/** Checks a timing as given (REST, CLI): a precise error naming the field, or the timing. */
export function parseTiming(fields: TimingFields, anchorMs: number): ScheduleTiming {
  if (fields.cron !== undefined && fields.cron !== null) {
    const timeZone = fields.timeZone ?? DEFAULT_TIME_ZONE;
    if (!isKnownTimeZone(timeZone)) throw new ScheduleTimingError('timeZone', `"${timeZone}" is not a known IANA time zone (like Europe/Berlin or UTC)`);
    return { kind: 'cron', cron: checkCron(fields.cron), timeZone };
  }
  if (fields.everyMs !== undefined && fields.everyMs !== null) {
    const everyMs = fields.everyMs;
    if (!Number.isInteger(everyMs) || everyMs < SCHEDULE_MIN_INTERVAL_MS || everyMs > SCHEDULE_MAX_INTERVAL_MS) {
      throw new ScheduleTimingError('everyMs', `expected a whole number of milliseconds from ${SCHEDULE_MIN_INTERVAL_MS} to ${SCHEDULE_MAX_INTERVAL_MS}`);
    }
    return { kind: 'interval', everyMs, anchorMs };
  }
  throw new ScheduleTimingError('cron', 'give either cron or everyMs');
}

function checkCron(text: string): string {
  const cron = text.trim().replace(/\s+/g, ' ');
  if (!CRON_ALIAS.test(cron) && !CRON_FIELD_COUNTS.includes(cron.split(' ').length)) {
    throw new ScheduleTimingError('cron', `"${text}" has ${cron.split(' ').length} fields; expected 5 (minute hour day month weekday) or 6 (second first)`);
  }
  try {
    CronExpressionParser.parse(cron, { tz: 'UTC', currentDate: new Date(0) }).next();
  } catch (error) {
    throw new ScheduleTimingError('cron', `"${text}" ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return cron;
}

/**
 * The timing as one string, kept as the BullMQ job scheduler's `pattern`: the scheduler's repeat
 * strategy (schedule-scheduler.ts) reads it back to compute each next fire.
 */
const PATTERN_PREFIX = 'rh1';
const PATTERN_SEPARATOR = '|';

export function timingPattern(timing: ScheduleTiming): string {
  return timing.kind === 'cron'
    ? [PATTERN_PREFIX, 'cron', timing.timeZone, timing.cron].join(PATTERN_SEPARATOR)
    : [PATTERN_PREFIX, 'every', String(timing.everyMs), String(timing.anchorMs)].join(PATTERN_SEPARATOR);
}

/** The inverse of `timingPattern`; null for any other string. */
export function timingFromPattern(pattern: string): ScheduleTiming | null {
  const [prefix, kind, first = '', ...rest] = pattern.split(PATTERN_SEPARATOR);
  if (prefix !== PATTERN_PREFIX) return null;
  if (kind === 'cron' && rest.length > 0) return { kind: 'cron', timeZone: first, cron: rest.join(PATTERN_SEPARATOR) };
  const everyMs = Number(first);
  const anchorMs = Number(rest[0]);
  if (kind === 'every' && Number.isSafeInteger(everyMs) && everyMs > 0 && Number.isSafeInteger(anchorMs)) return { kind: 'interval', everyMs, anchorMs };
  return null;
}
