import jsonata from 'jsonata';
import { LinearRegex } from './linear-regex';

/** Evaluates with the linear-time engine, as the sandbox does. */
function withLinearRegex(expression: string, input: unknown = {}): Promise<unknown> {
  return jsonata(expression, { RegexEngine: LinearRegex as unknown as RegExpConstructor }).evaluate(input);
}

describe('LinearRegex', () => {
  it('gives JSONata the same answers as RegExp for the regex functions', async () => {
    // ARRANGE
    const expressions = [
      '$contains("Hello World", /wo/i)',
      '$match("ab12cd345", /[0-9]+/)',
      '$match("key=value; k2=v2", /(\\w+)=(\\w+)/)',
      '$replace("2024-01-05", /(\\d+)-(\\d+)-(\\d+)/, "$3.$2.$1")',
      '$split("a, b,c ,d", /\\s*,\\s*/)',
      '"abc" ~> /B/i',
    ];
    // ACT
    const linear = await Promise.all(expressions.map((expression) => withLinearRegex(expression)));
    const native = await Promise.all(expressions.map((expression) => jsonata(expression).evaluate({})));
    // ASSERT
    expect(JSON.parse(JSON.stringify(linear))).toEqual(JSON.parse(JSON.stringify(native)));
  });

  it('matches a catastrophic pattern in linear time', async () => {
    // ARRANGE: 30 characters would take RegExp about 2^30 steps
    const text = `${'a'.repeat(30)}!`;
    // ACT
    const answer = await withLinearRegex(`$contains("${text}", /^(a|a)+$/)`);
    // ASSERT
    expect(answer).toBe(false);
  });

  it('refuses a pattern RE2 cannot run in linear time, saying why', async () => {
    await expect(withLinearRegex('$contains("abab", /(ab)\\1/)')).rejects.toThrow(/not supported by the linear-time engine/);
  });

  it('follows lastIndex across matches and starts again at 0 after the last', () => {
    // ARRANGE
    const regex = new LinearRegex(/o/g);
    // ACT
    const first = regex.exec('foo');
    const second = regex.exec('foo');
    const none = regex.exec('foo');
    // ASSERT
    expect([first?.index, second?.index, none, regex.lastIndex]).toEqual([1, 2, null, 0]);
  });
});
