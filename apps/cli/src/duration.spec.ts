import { parseDuration } from './duration';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['15m', 900_000],
    ['1h', 3_600_000],
    ['7d', 604_800_000],
    ['2w', 1_209_600_000],
    [' 1h ', 3_600_000],
  ])('reads %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['10', '1.5h', '0h', '-1h', '1y', 'h', '', '1 h'])('refuses %p, saying what is accepted', (text) => {
    expect(() => parseDuration(text)).toThrow(/expected a whole number above 0 and a unit, s, m, h, d or w/);
  });
});
