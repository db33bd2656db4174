import jsonata from 'jsonata';
import { jsonataBoolean } from './jsonata-boolean';

/** The truthiness table `condition` and `repeat.until` go by, one row per kind of value. */
const TABLE: ReadonlyArray<readonly [string, unknown, boolean]> = [
  ['true', true, true],
  ['false', false, false],
  ['the empty string', '', false],
  ['the string "false"', 'false', true],
  ['zero', 0, false],
  ['negative zero', -0, false],
  ['a negative number', -1, true],
  ['a fraction', 0.5, true],
  ['NaN', Number.NaN, false],
  ['null', null, false],
  ['undefined', undefined, false],
  ['an empty array', [], false],
  ['an array of falsy members', [0, '', false], false],
  ['an array with one truthy member', [0, 'x'], true],
  ['nested arrays with one truthy member', [[], [1]], true],
  ['an empty object', {}, false],
  ['an object with a falsy member', { a: 0 }, true],
  ['a function', () => true, false],
];

describe('jsonataBoolean', () => {
  it.each(TABLE)('casts %s to %p', (_name, value, expected) => {
    expect(jsonataBoolean(value)).toBe(expected);
  });

  it('agrees with JSONata $boolean on every JSON row of the table', async () => {
    // ARRANGE: NaN, undefined and functions cannot be passed as JSON input
    const jsonRows = TABLE.filter(([, value]) => value !== undefined && typeof value !== 'function' && !Number.isNaN(value));
    const expression = jsonata('$boolean(value)');
    // ACT
    const answers = await Promise.all(jsonRows.map(async ([, value]) => expression.evaluate({ value }) as Promise<boolean>));
    // ASSERT
    expect(answers).toEqual(jsonRows.map(([, value]) => jsonataBoolean(value)));
  });
});
