import { mergeEnvironment } from './environment';

describe('mergeEnvironment', () => {
  it('puts the node variables over the agent ones and drops unset entries', () => {
    expect(mergeEnvironment({ HOME: '/root', LANG: 'C', GONE: undefined }, { LANG: 'en_US.UTF-8', EXTRA: '1' }, 'linux')).toEqual({
      HOME: '/root',
      LANG: 'en_US.UTF-8',
      EXTRA: '1',
    });
  });

  it('keeps differently-cased names apart on POSIX', () => {
    expect(mergeEnvironment({ Path: 'a' }, { PATH: 'b' }, 'linux')).toEqual({ Path: 'a', PATH: 'b' });
  });

  it('replaces every spelling of a name on Windows', () => {
    expect(mergeEnvironment({ Path: 'C:\\Windows', TEMP: 'C:\\Temp' }, { PATH: 'C:\\Tools' }, 'windows')).toEqual({
      TEMP: 'C:\\Temp',
      PATH: 'C:\\Tools',
    });
  });

  it('returns a copy of the base without overrides', () => {
    const base = { A: '1' };
    const merged = mergeEnvironment(base, undefined, 'windows');

    expect(merged).toEqual(base);
    expect(merged).not.toBe(base);
  });
});
