import type { ProcessInfo } from './process-list.parse';
import { LINUX_PROCESS_NAME_MAX_CHARS, ancestorsOf, descendantsOf, matchesImageName } from './process-tree';

//   1 ── 10 ── 11 ── 12
//   │     └─── 13
//   └── 20 ── 21
const PROCESSES: ProcessInfo[] = [
  { pid: 1, parentPid: 0, name: 'init' },
  { pid: 10, parentPid: 1, name: 'sh' },
  { pid: 11, parentPid: 10, name: 'sleep' },
  { pid: 12, parentPid: 11, name: 'sleep' },
  { pid: 13, parentPid: 10, name: 'sleep' },
  { pid: 20, parentPid: 1, name: 'agent' },
  { pid: 21, parentPid: 20, name: 'sh' },
];

describe('descendantsOf', () => {
  it('finds every descendant, each after its own descendants', () => {
    const found = descendantsOf(10, PROCESSES);

    expect([...found].sort()).toEqual([11, 12, 13]);
    expect(found.indexOf(12)).toBeLessThan(found.indexOf(11));
  });

  it('finds nothing under a leaf or an unknown pid', () => {
    expect(descendantsOf(12, PROCESSES)).toEqual([]);
    expect(descendantsOf(999, PROCESSES)).toEqual([]);
  });

  it('terminates on a parent loop left by pid reuse', () => {
    const loop: ProcessInfo[] = [
      { pid: 5, parentPid: 6, name: 'a' },
      { pid: 6, parentPid: 5, name: 'b' },
    ];

    expect(descendantsOf(5, loop)).toEqual([6]);
  });
});

describe('ancestorsOf', () => {
  it('walks up to the root, nearest first, the process itself included', () => {
    expect(ancestorsOf(21, PROCESSES)).toEqual([21, 20, 1, 0]);
  });
});

describe('matchesImageName', () => {
  it('compares case-insensitively on Windows only', () => {
    expect(matchesImageName('Notepad.EXE', 'notepad.exe', { caseInsensitive: true })).toBe(true);
    expect(matchesImageName('Sleep', 'sleep', { caseInsensitive: false })).toBe(false);
  });

  it('compares the last segment of a full path (macOS ps)', () => {
    expect(matchesImageName('/usr/bin/ssh', 'ssh', { caseInsensitive: false })).toBe(true);
    expect(matchesImageName('/usr/bin/sshd', 'ssh', { caseInsensitive: false })).toBe(false);
  });

  it('matches names Linux cut at 15 characters', () => {
    const options = { caseInsensitive: false, truncatedAtChars: LINUX_PROCESS_NAME_MAX_CHARS };

    expect(matchesImageName('very-long-progr', 'very-long-program', options)).toBe(true);
    expect(matchesImageName('very-long-progr', 'very-long-progr', options)).toBe(true);
    expect(matchesImageName('short', 'shorter', options)).toBe(false);
    expect(matchesImageName('very-long-progr', 'very-long-program', { caseInsensitive: false })).toBe(false);
  });
});
