import { firesBetween, nextFireAfter, nextFires } from './fire-times';
import type { ScheduleTiming } from './schedule-timing';

/**
 * Fire times, table by table. Europe/Berlin in 2025: summer time starts 2025-03-30 at 01:00Z
 * (02:00 CET -> 03:00 CEST, the hour 02:00-02:59 is skipped); it ends 2025-10-26 at 01:00Z
 * (03:00 CEST -> 02:00 CET, the hour 02:00-02:59 comes twice).
 */
const berlin = (cron: string): ScheduleTiming => ({ kind: 'cron', cron, timeZone: 'Europe/Berlin' });
const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

describe('cron fire times across DST in Europe/Berlin', () => {
  it.each([
    // [what, cron, after, the next fires]
    ['a daily time the spring change skips fires once, when the clock jumps', '30 2 * * *', '2025-03-29T12:00:00Z', ['2025-03-30T01:00:00.000Z', '2025-03-31T00:30:00.000Z']],
    ['a daily time the autumn change repeats fires once, at its first occurrence', '30 2 * * *', '2025-10-25T12:00:00Z', ['2025-10-26T00:30:00.000Z', '2025-10-27T01:30:00.000Z']],
    ['every minute of the skipped hour: one fire for the whole hour', '* 2 * * *', '2025-03-30T00:00:00Z', ['2025-03-30T01:00:00.000Z', '2025-03-31T00:00:00.000Z']],
    ['hourly over the spring change: 02:00 and 03:00 are one fire', '0 * * * *', '2025-03-29T23:30:00Z', ['2025-03-30T00:00:00.000Z', '2025-03-30T01:00:00.000Z', '2025-03-30T02:00:00.000Z']],
    ['hourly over the autumn change: the repeated 02:00 fires once', '0 * * * *', '2025-10-25T23:30:00Z', ['2025-10-26T00:00:00.000Z', '2025-10-26T02:00:00.000Z', '2025-10-26T03:00:00.000Z']],
    ['every 15 minutes: nothing during the second pass of the repeated hour', '*/15 * * * *', '2025-10-26T00:40:00Z', ['2025-10-26T00:45:00.000Z', '2025-10-26T02:00:00.000Z']],
    ['a plain day keeps its offset (CET, +01:00)', '0 9 * * 1-5', '2025-01-06T00:00:00Z', ['2025-01-06T08:00:00.000Z', '2025-01-07T08:00:00.000Z']],
    ['seconds: every 10 s', '*/10 * * * * *', '2025-06-01T00:00:05Z', ['2025-06-01T00:00:10.000Z', '2025-06-01T00:00:20.000Z']],
  ])('%s', (_what, cron, after, expected) => {
    expect(nextFires(berlin(cron), at(after), expected.length).map(iso)).toEqual(expected);
  });

  it('asked from inside the repeated hour, a time it already fired at is not fired again', () => {
    // 00:45Z is 02:45 CEST (first pass); at 01:10Z the clock shows 02:10 CET (second pass).
    expect(iso(nextFireAfter(berlin('30 2 * * *'), at('2025-10-26T01:10:00Z')))).toBe('2025-10-27T01:30:00.000Z');
  });

  it('asked at the very moment of the jump, the skipped times are behind', () => {
    expect(iso(nextFireAfter(berlin('30 2 * * *'), at('2025-03-30T01:00:00Z')))).toBe('2025-03-31T00:30:00.000Z');
  });
});

describe('cron in UTC and other zones', () => {
  it.each([
    ['UTC', '0 0 * * *', '2025-03-30T00:00:00Z', '2025-03-31T00:00:00.000Z'],
    ['America/New_York', '30 2 * * *', '2025-03-08T12:00:00Z', '2025-03-09T07:00:00.000Z'], // 02:30 EST is skipped: 03:00 EDT
    ['Asia/Kolkata', '0 9 * * *', '2025-06-01T00:00:00Z', '2025-06-01T03:30:00.000Z'], // +05:30, no DST
  ])('%s: %s after %s', (timeZone, cron, after, expected) => {
    expect(iso(nextFireAfter({ kind: 'cron', cron, timeZone }, at(after)))).toBe(expected);
  });

  it('a yearly cron fires a year later', () => {
    expect(nextFireAfter({ kind: 'cron', cron: '0 0 1 1 * ', timeZone: 'UTC' }, at('2025-01-01T00:00:00Z'))).toBe(at('2026-01-01T00:00:00Z'));
  });
});

describe('interval fire times', () => {
  const every = (everyMs: number, anchor: string): ScheduleTiming => ({ kind: 'interval', everyMs, anchorMs: at(anchor) });

  it.each([
    ['before the first fire: anchor + every', 1_000, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:01.000Z'],
    ['on a fire: the one after', 1_000, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:03.000Z', '2025-01-01T00:00:04.000Z'],
    ['between fires: the next slot of the same phase', 60_000, '2025-01-01T00:00:00.250Z', '2025-01-01T00:05:00.000Z', '2025-01-01T00:05:00.250Z'],
    ['an hour across the DST change is an hour', 3_600_000, '2025-03-30T00:00:00.000Z', '2025-03-30T00:30:00.000Z', '2025-03-30T01:00:00.000Z'],
  ])('%s', (_what, everyMs, anchor, after, expected) => {
    expect(iso(nextFireAfter(every(everyMs, anchor), at(after)))).toBe(expected);
  });

  it('lists the next five', () => {
    expect(nextFires(every(1_000, '2025-01-01T00:00:00Z'), at('2025-01-01T00:00:00.500Z'), 5).map(iso)).toEqual([
      '2025-01-01T00:00:01.000Z',
      '2025-01-01T00:00:02.000Z',
      '2025-01-01T00:00:03.000Z',
      '2025-01-01T00:00:04.000Z',
      '2025-01-01T00:00:05.000Z',
    ]);
  });
});

describe('fires between two instants (missed fires)', () => {
  it.each([
    ['interval: 5 s down with a fire every second', { kind: 'interval', everyMs: 1_000, anchorMs: at('2025-01-01T00:00:00Z') }, '2025-01-01T00:00:10Z', '2025-01-01T00:00:16Z', 5],
    ['interval: nothing between two neighbouring fires', { kind: 'interval', everyMs: 1_000, anchorMs: at('2025-01-01T00:00:00Z') }, '2025-01-01T00:00:10Z', '2025-01-01T00:00:11Z', 0],
    ['cron: the spring night of an hourly cron in Berlin', berlin('0 * * * *'), '2025-03-29T23:00:00Z', '2025-03-30T03:00:00Z', 3],
    ['cron: the autumn night of an hourly cron in Berlin', berlin('0 * * * *'), '2025-10-25T23:00:00Z', '2025-10-26T03:00:00Z', 2],
    ['an empty range', berlin('* * * * * *'), '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', 0],
  ] as const)('%s', (_what, timing, from, to, expected) => {
    expect(firesBetween(timing as ScheduleTiming, at(from), at(to)).count).toBe(expected);
  });

  it('names the last fire of the range', () => {
    expect(iso(firesBetween({ kind: 'interval', everyMs: 1_000, anchorMs: at('2025-01-01T00:00:00Z') }, at('2025-01-01T00:00:10Z'), at('2025-01-01T00:00:16Z')).last)).toBe('2025-01-01T00:00:15.000Z');
    expect(iso(firesBetween(berlin('0 * * * *'), at('2025-10-25T23:00:00Z'), at('2025-10-26T03:00:00Z')).last)).toBe('2025-10-26T02:00:00.000Z');
    expect(firesBetween(berlin('0 * * * *'), at('2025-10-25T23:00:00Z'), at('2025-10-25T23:30:00Z')).last).toBeNull();
  });
});
