import { backendCpuBetween } from './postgres-backends';

describe('Postgres backend CPU', () => {
  it('sums what each backend alive at the end used since the start; a new one counts whole', () => {
    const before = new Map([
      [10, 100],
      [11, 50],
      [12, 30],
    ]);
    const after = new Map([
      [10, 140],
      [11, 50],
      [13, 25],
    ]);
    expect(backendCpuBetween(before, after)).toBe(40 + 0 + 25);
  });

  it('is NaN when the server could not be read (another host)', () => {
    expect(backendCpuBetween(undefined, new Map())).toBeNaN();
    expect(backendCpuBetween(new Map(), undefined)).toBeNaN();
  });
});
