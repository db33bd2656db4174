/**
 * Wall clocks of IANA time zones, from the platform's time zone data (Intl): what a clock in
 * the zone shows at an instant, and the instant a wall-clock time names — with the rule for
 * the times a DST change skips or repeats. Pure: no clock of its own.
 *
 * A wall-clock time is written as the milliseconds of a UTC clock showing it
 * (`Date.UTC(y, m, d, h, min, s)`), so cron iteration can run on it with no DST at all.
 */

const DAY_MS = 24 * 60 * 60 * 1_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    // h23: midnight is hour 0 (some platforms print 24 with the default cycle).
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** Whether the platform knows this IANA time zone. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** What a clock in `timeZone` shows at `instantMs`, as a wall-clock time (see above). */
export function wallClock(instantMs: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const wholeSeconds = Date.UTC(fields.year ?? 1970, (fields.month ?? 1) - 1, fields.day ?? 1, fields.hour ?? 0, fields.minute ?? 0, fields.second ?? 0);
  return wholeSeconds + (((instantMs % 1_000) + 1_000) % 1_000);
}

/** The zone's offset from UTC at an instant (wall clock minus instant). */
export function offsetAt(instantMs: number, timeZone: string): number {
  return wallClock(instantMs, timeZone) - instantMs;
}

/**
 * The instant a wall-clock time names in `timeZone`:
 * - once: that instant;
 * - twice (the hour a change to winter time repeats): the first, under the earlier offset;
 * - never (the hour a change to summer time skips): the first instant after the gap, the
 *   moment the clock jumps (02:30 on a day Berlin goes from 02:00 to 03:00 is 03:00 CEST).
 *
 * The offsets a day either side bound the candidates: no zone changes its offset twice in two days.
 */
export function resolveWallClock(wallMs: number, timeZone: string): number {
  const before = offsetAt(wallMs - DAY_MS, timeZone);
  const after = offsetAt(wallMs + DAY_MS, timeZone);
  const candidates = [...new Set([wallMs - before, wallMs - after])].filter((instant) => wallClock(instant, timeZone) === wallMs).sort((a, b) => a - b);
  const first = candidates[0];
  if (first !== undefined) return first;
  return transitionBetween(Math.min(wallMs - before, wallMs - after), Math.max(wallMs - before, wallMs - after), timeZone);
}

/** The first instant in (low, high] whose offset differs from low's (a binary search to the millisecond). */
function transitionBetween(low: number, high: number, timeZone: string): number {
  const offsetLow = offsetAt(low, timeZone);
  let lo = low;
  let hi = high;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (offsetAt(mid, timeZone) === offsetLow) lo = mid;
    else hi = mid;
  }
  return hi;
}
