import { leastSquaresSlope } from './least-squares';

describe('leastSquaresSlope', () => {
  it('finds the slope of points on a line, and of noisy points around it', () => {
    expect(leastSquaresSlope([[0, 10], [1_000, 12], [2_000, 14]])).toBeCloseTo(0.002);
    expect(leastSquaresSlope([[0, 0], [1, 1.1], [2, 1.9], [3, 3]])).toBeCloseTo(0.98);
  });

  it('is zero when there is no line to fit', () => {
    expect(leastSquaresSlope([])).toBe(0);
    expect(leastSquaresSlope([[5, 1]])).toBe(0);
    expect(leastSquaresSlope([[5, 1], [5, 9]])).toBe(0);
  });
});
