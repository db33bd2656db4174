import { METRIC_SERIES_SHOWN } from '../app/settings';
import { mergeSamples, metricSeries, samplesOf } from './agent-metrics';

const sample = (name: string, value: number, second: number) => ({ name, value, at: `2026-01-01T00:00:${String(second).padStart(2, '0')}.000Z` });

describe('metricSeries', () => {
  it('groups samples by name, oldest first', () => {
    const samples = [sample('cpu', 0.5, 2), sample('cpu', 0.2, 1), sample('mem', 10, 1), sample('mem', 12, 2)];
    expect(metricSeries(samples)).toEqual([
      { name: 'cpu', values: [0.2, 0.5], latest: 0.5 },
      { name: 'mem', values: [10, 12], latest: 12 },
    ]);
  });

  it(`shows at most ${METRIC_SERIES_SHOWN} series, and none with a single sample`, () => {
    const names = ['a', 'b', 'c', 'd'];
    const samples = names.flatMap((name) => [sample(name, 1, 1), sample(name, 2, 2)]);
    expect(metricSeries(samples).map((series) => series.name)).toEqual(['a', 'b', 'c']);
    expect(metricSeries([sample('x', 1, 1)])).toEqual([]);
  });
});

describe('samplesOf', () => {
  it('reads a page or a bare array', () => {
    const samples = [sample('cpu', 1, 1)];
    expect(samplesOf({ items: samples })).toEqual(samples);
    expect(samplesOf(samples)).toEqual(samples);
  });

  it('refuses a response it does not understand, so the page shows an error rather than no chart', () => {
    expect(() => samplesOf({ error: { code: 'NOT_FOUND' } })).toThrow(/shape/);
    expect(() => samplesOf(null)).toThrow(/shape/);
  });
});

describe('mergeSamples', () => {
  it('appends a live batch and keeps only the newest samples', () => {
    const current = [sample('cpu', 1, 1), sample('cpu', 2, 2)];
    expect(mergeSamples(current, [sample('cpu', 3, 3)], 2)).toEqual([sample('cpu', 2, 2), sample('cpu', 3, 3)]);
    expect(mergeSamples([], [sample('cpu', 3, 3)])).toEqual([sample('cpu', 3, 3)]);
  });
});
