import { closestMatch, didYouMean } from './did-you-mean';

const COMMANDS = ['validate', 'coordinator', 'migrate', 'workflows', 'up', 'worker', 'run', 'runs', 'logs', 'agents', 'enroll-token', 'bench', 'fleet-sim'];

describe('closestMatch', () => {
  it.each([
    ['valdate', 'validate'],
    ['vaildate', 'validate'],
    ['agnets', 'agents'],
    ['log', 'logs'],
    ['enroll', 'enroll-token'],
    ['Migrate', 'migrate'],
    ['wrokflows', 'workflows'],
  ])('suggests %s -> %s', (typed, expected) => {
    expect(closestMatch(typed, COMMANDS)).toBe(expected);
  });

  it('suggests nothing for a name far from every known one', () => {
    expect(closestMatch('deploy', COMMANDS)).toBeUndefined();
    expect(closestMatch('x', COMMANDS)).toBeUndefined();
  });

  it('suggests nothing when two names are equally close', () => {
    expect(closestMatch('ur', ['url', 'uri'])).toBeUndefined();
  });

  it('allows one edit in a short name and more in a long one', () => {
    expect(closestMatch('urll', ['url', 'method'])).toBe('url');
    expect(closestMatch('uzzl', ['url', 'method'])).toBeUndefined();
    expect(closestMatch('maxAtempst', ['maxAttempts', 'delayMs'])).toBe('maxAttempts');
  });
});

describe('didYouMean', () => {
  it('is a ready-to-append hint, or empty', () => {
    expect(didYouMean('--wiat', ['--wait', '--json'], '')).toBe(' (did you mean --wait?)');
    expect(didYouMean('urll', ['url'])).toBe(' (did you mean "url"?)');
    expect(didYouMean('zzz', ['url'])).toBe('');
  });
});
