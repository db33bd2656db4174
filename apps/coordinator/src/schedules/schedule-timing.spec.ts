import { ScheduleTimingError } from './errors/schedule-timing.error';
import { parseTiming, timingFromPattern, timingPattern } from './schedule-timing';
import { resolveWallClock, wallClock } from './zoned-clock';

const ANCHOR = Date.parse('2025-01-01T00:00:00Z');

describe('parseTiming', () => {
  it.each([
    ['a five-field cron, UTC by default', { cron: '0 2 * * *' }, { kind: 'cron', cron: '0 2 * * *', timeZone: 'UTC' }],
    ['a six-field cron in a zone, spaces normalized', { cron: ' */10  * * * * * ', timeZone: 'Europe/Berlin' }, { kind: 'cron', cron: '*/10 * * * * *', timeZone: 'Europe/Berlin' }],
    ['an alias', { cron: '@hourly' }, { kind: 'cron', cron: '@hourly', timeZone: 'UTC' }],
    ['an interval, anchored', { everyMs: 1_000 }, { kind: 'interval', everyMs: 1_000, anchorMs: ANCHOR }],
  ])('accepts %s', (_what, fields, expected) => {
    expect(parseTiming(fields, ANCHOR)).toEqual(expected);
  });

  it.each([
    ['four fields', { cron: '* * * *' }, 'cron', 'cron: "* * * *" has 4 fields; expected 5 (minute hour day month weekday) or 6 (second first)'],
    ['a minute out of range', { cron: '61 * * * *' }, 'cron', 'cron: "61 * * * *" Constraint error, got value 61 expected range 0-59'],
    ['an unknown zone', { cron: '0 2 * * *', timeZone: 'Mars/Olympus' }, 'timeZone', 'timeZone: "Mars/Olympus" is not a known IANA time zone (like Europe/Berlin or UTC)'],
    ['an interval under a second', { everyMs: 999 }, 'everyMs', 'everyMs: expected a whole number of milliseconds from 1000 to 31622400000'],
    ['nothing', {}, 'cron', 'cron: give either cron or everyMs'],
  ])('refuses %s, naming the field', (_what, fields, field, message) => {
    let caught: unknown;
    try {
      parseTiming(fields, ANCHOR);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ScheduleTimingError);
    expect(caught).toMatchObject({ field, message });
  });
});

describe('timing patterns (what the BullMQ scheduler keeps)', () => {
  it.each([
    [{ kind: 'cron', cron: '0 2 * * *', timeZone: 'Europe/Berlin' }],
    [{ kind: 'interval', everyMs: 60_000, anchorMs: ANCHOR }],
  ] as const)('round-trips %j', (timing) => {
    expect(timingFromPattern(timingPattern(timing))).toEqual(timing);
  });

  it.each(['0 2 * * *', 'rh1|every|x|1', 'rh1|cron|UTC', ''])('reads %j as no timing of ours', (pattern) => {
    expect(timingFromPattern(pattern)).toBeNull();
  });
});

describe('wall clocks', () => {
  it.each([
    ['CET in winter', '2025-01-15T11:00:00Z', 'Europe/Berlin', '2025-01-15T12:00:00.000Z'],
    ['CEST in summer', '2025-07-15T11:00:00Z', 'Europe/Berlin', '2025-07-15T13:00:00.000Z'],
    ['milliseconds are kept', '2025-07-15T11:00:00.123Z', 'UTC', '2025-07-15T11:00:00.123Z'],
  ])('%s', (_what, instant, zone, wall) => {
    expect(new Date(wallClock(Date.parse(instant), zone)).toISOString()).toBe(wall);
  });

  it.each([
    ['a time that exists once', '2025-01-15T12:00:00Z', '2025-01-15T11:00:00.000Z'],
    ['a skipped time: the moment of the jump', '2025-03-30T02:30:00Z', '2025-03-30T01:00:00.000Z'],
    ['a repeated time: its first occurrence (CEST)', '2025-10-26T02:30:00Z', '2025-10-26T00:30:00.000Z'],
  ])('resolves %s in Europe/Berlin', (_what, wall, instant) => {
    expect(new Date(resolveWallClock(Date.parse(wall), 'Europe/Berlin')).toISOString()).toBe(instant);
  });
});
