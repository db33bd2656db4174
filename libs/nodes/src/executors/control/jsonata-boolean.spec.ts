import { jsonataBoolean } from './jsonata-boolean';

describe('jsonataBoolean', () => {
  it.each([
    [true, true],
    [false, false],
    ['', false],
    ['false', true],
    [0, false],
    [-1, true],
    [Number.NaN, false],
    [null, false],
    [undefined, false],
    [[], false],
    [[0, '', false], false],
    [[0, 'x'], true],
    [[[], [1]], true],
    [{}, false],
    [{ a: 0 }, true],
    [() => true, false],
  ])('casts %p to %p', (value, expected) => {
    expect(jsonataBoolean(value)).toBe(expected);
  });
});
