import { pathStyleOf } from './path-style';

describe('pathStyleOf', () => {
  describe('windows', () => {
    const style = pathStyleOf('windows');

    it.each([
      ['C:/ProgramData/RuntimeHub/policy.json', 'C:\\ProgramData\\RuntimeHub\\policy.json'],
      ['C:\\ProgramData\\RuntimeHub\\policy.json. .', 'C:\\ProgramData\\RuntimeHub\\policy.json'],
      ['C:\\ProgramData\\RuntimeHub\\policy.json:secret:$DATA', 'C:\\ProgramData\\RuntimeHub\\policy.json'],
      ['C:\\ProgramData\\RuntimeHub:$I30:$INDEX_ALLOCATION\\policy.json', 'C:\\ProgramData\\RuntimeHub\\policy.json'],
      ['\\\\?\\C:\\ProgramData\\RuntimeHub', 'C:\\ProgramData\\RuntimeHub'],
      ['//./C:/ProgramData', 'C:\\ProgramData'],
      ['\\\\?\\UNC\\nas\\share\\in', '\\\\nas\\share\\in'],
      ['\\\\.\\PhysicalDrive0', '\\\\.\\PhysicalDrive0'],
      ['//?/GLOBALROOT/Device/HarddiskVolume3/x', '\\\\.\\GLOBALROOT\\Device\\HarddiskVolume3\\x'],
      ['C:\\a\\b\\.. \\c', 'C:\\a\\c'],
      ['C:\\a\\...\\c', 'C:\\a\\c'],
      ['relative\\file.txt', 'C:\\work\\relative\\file.txt'],
    ])('reads %s as %s', (written, canonical) => {
      expect(style.canonical(written, 'C:\\work')).toBe(canonical);
    });

    it('compares without regard to case, on whole names', () => {
      expect(style.isWithin('c:\\programdata\\RUNTIMEHUB\\x', 'C:\\ProgramData\\RuntimeHub')).toBe(true);
      expect(style.isWithin('C:\\ProgramData\\RuntimeHubX', 'C:\\ProgramData\\RuntimeHub')).toBe(false);
      expect(style.isWithin('C:\\x', 'C:\\')).toBe(true);
    });

    it('takes drive and share roots from a policy, not POSIX ones', () => {
      expect(['D:\\drop', 'd:/drop', '\\\\nas\\share', '/srv/in'].filter((root) => style.ownsRoot(root))).toEqual(['D:\\drop', 'd:/drop', '\\\\nas\\share']);
    });
  });

  describe('linux', () => {
    const style = pathStyleOf('linux');

    it('resolves traversals and compares case-sensitively', () => {
      expect(style.canonical('/srv/in/../../etc/./passwd')).toBe('/etc/passwd');
      expect(style.canonical('file.txt', '/work')).toBe('/work/file.txt');
      expect(style.isWithin('/var/lib/RH/x', '/var/lib/rh')).toBe(false);
      expect(style.isWithin('/x', '/')).toBe(true);
    });

    it('takes POSIX roots from a policy, not Windows ones', () => {
      expect(['D:\\drop', '\\\\nas\\share', '/srv/in'].filter((root) => style.ownsRoot(root))).toEqual(['/srv/in']);
    });
  });

  it('compares without regard to case on macOS', () => {
    expect(pathStyleOf('darwin').isWithin('/Users/RH/x', '/Users/rh')).toBe(true);
  });
});
