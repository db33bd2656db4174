import { jsonataBoolean } from './jsonata-boolean';

describe('jsonataBoolean', () => {
  it('follows $boolean', () => {
    expect([undefined, null, false, 0, '', [], {}, [0, false], () => 1].map(jsonataBoolean)).toEqual([
      false, false, false, false, false, false, false, false, false,
    ]);
    expect([true, 1, -2, 'x', [0, 1], { a: 0 }].map(jsonataBoolean)).toEqual([true, true, true, true, true, true]);
  });
});
