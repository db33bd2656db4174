import fc from 'fast-check';
import { compileGlob } from './glob.pattern';

const match = (pattern: string, name: string, caseInsensitive = false) => compileGlob(pattern, { caseInsensitive })(name);

describe('compileGlob', () => {
  it.each([
    ['*.log', 'app.log', true],
    ['*.log', 'app.log.1', false],
    ['*.log', '.log', true],
    ['app-?.log', 'app-1.log', true],
    ['app-?.log', 'app-12.log', false],
    ['*', '', true],
    ['', '', true],
    ['', 'a', false],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'aXXcYYb', false],
    ['**x', 'abx', true],
    ['?', '🚀', true],
  ])('%j matches %j: %p', (pattern, name, expected) => {
    expect(match(pattern, name)).toBe(expected);
  });

  it('takes regex metacharacters literally', () => {
    expect(match('a+b(1).[x]$^|{2}\\', 'a+b(1).[x]$^|{2}\\')).toBe(true);
    expect(match('a.b', 'aXb')).toBe(false);
    expect(match('(a|b)', 'a')).toBe(false);
  });

  it('compares case-insensitively when asked', () => {
    expect(match('*.LOG', 'App.log', true)).toBe(true);
    expect(match('*.LOG', 'App.log', false)).toBe(false);
  });

  it('stays fast on patterns that make backtracking regexes explode', () => {
    const started = Date.now();

    expect(match('*a*a*a*a*a*a*a*a*a*a*b', 'a'.repeat(255))).toBe(false);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('agrees with an equivalent regex on random patterns and names', () => {
    const alphabet = fc.constantFrom('a', 'b', '.', '*', '?');
    fc.assert(
      fc.property(fc.string({ unit: alphabet, maxLength: 8 }), fc.string({ unit: fc.constantFrom('a', 'b', '.'), maxLength: 10 }), (pattern, name) => {
        const source = pattern.replace(/[.]/g, '\\.').replace(/\*/g, '.*').replace(/\?/g, '.');
        expect(match(pattern, name)).toBe(new RegExp(`^${source}$`, 's').test(name));
      }),
    );
  });
});
