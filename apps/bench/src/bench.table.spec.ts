import type { BenchReport } from './bench.report';
import { formatReport, number } from './bench.table';
import { FULL_SIZES } from './bench.options';
import { summarize } from './bench.stats';

const REPORT: BenchReport = {
  tool: 'runtime-hub bench',
  reportVersion: 1,
  command: 'bench --only floor,chain40',
  quick: false,
  sizes: FULL_SIZES,
  startedAt: '2025-01-01T00:00:00.000Z',
  finishedAt: '2025-01-01T00:01:00.000Z',
  durationMs: 60_000,
  machine: {
    cores: 2,
    cpuModel: 'Test CPU',
    memoryBytes: 8 * 1_024 ** 3,
    node: 'v20.0.0',
    platform: 'linux x64 6.0',
    postgres: { version: '15.2', synchronousCommit: 'on', fsync: 'on' },
    redis: { version: '7.0.15', appendonly: 'no', appendfsync: 'everysec' },
  },
  scenarios: {
    floor: { description: 'floor', repetitions: 2, durationMs: 10, loadAverage: { start: 0.5, end: 1 }, figures: { redisPingMs: summarize('ms', [0.05, 0.07], 'ping') } },
    chain40: { description: 'chain', repetitions: 0, durationMs: 10, loadAverage: { start: 0.5, end: 1 }, figures: {}, error: 'run r1 ended failed' },
  },
  goals: {
    perNode: { description: 'a node costs less than 5 ms', figure: 'chain40.perNodeMs', comparison: 'at most', limit: 5, value: null, met: null },
  },
};

describe('formatReport', () => {
  it('prints the machine, one row per figure, failed scenarios and the goals', () => {
    const lines = formatReport(REPORT);
    expect(lines[0]).toBe('machine: 2 cores (Test CPU), 8.0 GiB, Node v20.0.0, linux x64 6.0');
    expect(lines).toContain('scenario  figure       median    min    max  unit');
    expect(lines).toContain('floor     redisPingMs   0.060  0.050  0.070  ms');
    expect(lines).toContain('chain40   FAILED                             run r1 ended failed');
    expect(lines).toContain('load average (1 min, start->end): floor 0.50->1.00, chain40 0.50->1.00');
    expect(lines[lines.length - 1]).toBe('goal: a node costs less than 5 ms: chain40.perNodeMs = - (at most 5) not measured');
  });

  it('keeps three decimals for small figures and fewer for large ones', () => {
    expect(number(0.0612)).toBe('0.061');
    expect(number(42.126)).toBe('42.13');
    expect(number(523.44)).toBe('523.4');
    expect(number(2_000.4)).toBe('2000');
    expect(number(Number.NaN)).toBe('-');
  });
});
