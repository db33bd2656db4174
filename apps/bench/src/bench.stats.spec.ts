import { median, percentile, roundFigure, summarize } from './bench.stats';

describe('bench stats', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('interpolates percentiles between closest ranks', () => {
    const values = Array.from({ length: 101 }, (_, index) => index);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([10, 20], 75)).toBe(17.5);
    expect(percentile([7], 99)).toBe(7);
  });

  it('refuses no values and percentiles outside 0..100', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it('summarizes samples into median, min and max, rounded to microseconds of a millisecond', () => {
    const figure = summarize('ms', [2.00049, 1.5, 9.25], 'a figure');
    expect(figure).toEqual({ unit: 'ms', median: 2, min: 1.5, max: 9.25, samples: [2, 1.5, 9.25], description: 'a figure' });
    expect(roundFigure(0.12345)).toBe(0.123);
  });
});
