import { formatDuration, formatRelative, nodeDurationMs, runDurationMs } from './run-format';

const NOW = Date.parse('2026-01-01T12:00:00.000Z');

describe('formatDuration', () => {
  it('picks a unit a person reads at a glance', () => {
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(12_340)).toBe('12.3 s');
    expect(formatDuration(245_000)).toBe('4m 05s');
    expect(formatDuration(7_380_000)).toBe('2h 03m');
  });
});

describe('formatRelative', () => {
  it('says how long ago', () => {
    expect(formatRelative('2026-01-01T11:59:58.000Z', NOW)).toBe('just now');
    expect(formatRelative('2026-01-01T11:59:30.000Z', NOW)).toBe('30 s ago');
    expect(formatRelative('2026-01-01T11:55:00.000Z', NOW)).toBe('5 min ago');
    expect(formatRelative('2026-01-01T09:00:00.000Z', NOW)).toBe('3 h ago');
    expect(formatRelative('2025-12-30T12:00:00.000Z', NOW)).toBe('2 d ago');
  });
});

describe('nodeDurationMs / runDurationMs', () => {
  it('uses the recorded duration once finished, and the time so far while running', () => {
    expect(nodeDurationMs({ durationMs: 120, startedAt: '2026-01-01T11:00:00.000Z', finishedAt: '2026-01-01T11:00:00.120Z' }, NOW)).toBe(120);
    expect(nodeDurationMs({ durationMs: null, startedAt: '2026-01-01T11:59:50.000Z', finishedAt: null }, NOW)).toBe(10_000);
    expect(nodeDurationMs({ durationMs: null, startedAt: null, finishedAt: null }, NOW)).toBeNull();
    expect(runDurationMs({ startedAt: '2026-01-01T11:59:00.000Z', finishedAt: null }, NOW)).toBe(60_000);
    expect(runDurationMs({ startedAt: null, finishedAt: null }, NOW)).toBeNull();
  });
});
