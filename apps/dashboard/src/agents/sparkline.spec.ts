import { sparklinePath } from './sparkline';

const BOX = { width: 100, height: 20, padding: 2 };

describe('sparklinePath', () => {
  it('spans the box: lowest value at the bottom, highest at the top', () => {
    expect(sparklinePath([0, 5, 10], BOX)).toBe('M2 18 L50 10 L98 2');
  });

  it('draws a flat series across the middle', () => {
    expect(sparklinePath([3, 3], BOX)).toBe('M2 10 L98 10');
  });

  it('draws nothing for fewer than two points', () => {
    expect(sparklinePath([1], BOX)).toBe('');
    expect(sparklinePath([], BOX)).toBe('');
  });
});
