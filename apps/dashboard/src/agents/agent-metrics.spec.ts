import { METRIC_SERIES_SHOWN, metricSeries } from './agent-metrics';

const sample = (name: string, value: number, second: number) => ({ name, value, at: `2026-01-01T00:00:${String(second).padStart(2, '0')}.000Z` });

describe('metricSeries', () => {
  it('groups samples by name, oldest first, from an array or a page', () => {
    const samples = [sample('cpu', 0.5, 2), sample('cpu', 0.2, 1), sample('mem', 10, 1), sample('mem', 12, 2)];
    const expected = [
      { name: 'cpu', values: [0.2, 0.5], latest: 0.5 },
      { name: 'mem', values: [10, 12], latest: 12 },
    ];
    expect(metricSeries(samples)).toEqual(expected);
    expect(metricSeries({ items: samples })).toEqual(expected);
  });

  it(`shows at most ${METRIC_SERIES_SHOWN} series, and none with a single sample`, () => {
    const names = ['a', 'b', 'c', 'd'];
    const samples = names.flatMap((name) => [sample(name, 1, 1), sample(name, 2, 2)]);
    expect(metricSeries(samples).map((series) => series.name)).toEqual(['a', 'b', 'c']);
    expect(metricSeries([sample('x', 1, 1)])).toEqual([]);
  });

  it('shows nothing for a response it does not understand', () => {
    expect(metricSeries({ error: { code: 'NOT_FOUND' } })).toEqual([]);
    expect(metricSeries(null)).toEqual([]);
  });
});
