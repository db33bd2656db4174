import { parseChord, type KeyChord } from '../../definitions/input/key-chord';
import type { DesktopSession } from '@runtime-hub/protocol';
import { windowsChordKeystroke, windowsDesktopSession, windowsTextKeystrokes, type WtsSessionFacts } from './windows-input.plan';

const chord = (text: string): KeyChord => {
  const parsed = parseChord(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.chord;
};

const UNICODE = 0x0004;
const UNICODE_UP = 0x0004 | 0x0002;

describe('SendInput records', () => {
  it('types every character as its UTF-16 units with KEYEVENTF_UNICODE, pressed then released', () => {
    expect(windowsTextKeystrokes('ü東')).toEqual([
      [
        { wVk: 0, wScan: 0x00fc, dwFlags: UNICODE },
        { wVk: 0, wScan: 0x00fc, dwFlags: UNICODE_UP },
      ],
      [
        { wVk: 0, wScan: 0x6771, dwFlags: UNICODE },
        { wVk: 0, wScan: 0x6771, dwFlags: UNICODE_UP },
      ],
    ]);
  });

  it('sends a character beyond the BMP as its two surrogates in one keystroke', () => {
    expect(windowsTextKeystrokes('😀')).toEqual([
      [
        { wVk: 0, wScan: 0xd83d, dwFlags: UNICODE },
        { wVk: 0, wScan: 0xd83d, dwFlags: UNICODE_UP },
        { wVk: 0, wScan: 0xde00, dwFlags: UNICODE },
        { wVk: 0, wScan: 0xde00, dwFlags: UNICODE_UP },
      ],
    ]);
  });

  it('turns line breaks and tabs into the Enter and Tab keys', () => {
    expect(windowsTextKeystrokes('a\r\nb\t')).toEqual([
      [
        { wVk: 0, wScan: 0x61, dwFlags: UNICODE },
        { wVk: 0, wScan: 0x61, dwFlags: UNICODE_UP },
      ],
      [
        { wVk: 0x0d, wScan: 0, dwFlags: 0 },
        { wVk: 0x0d, wScan: 0, dwFlags: 0x0002 },
      ],
      [
        { wVk: 0, wScan: 0x62, dwFlags: UNICODE },
        { wVk: 0, wScan: 0x62, dwFlags: UNICODE_UP },
      ],
      [
        { wVk: 0x09, wScan: 0, dwFlags: 0 },
        { wVk: 0x09, wScan: 0, dwFlags: 0x0002 },
      ],
    ]);
  });

  it('holds modifiers around the key of a chord and releases them in reverse order', () => {
    expect(windowsChordKeystroke(chord('ctrl+shift+s'))).toEqual([
      { wVk: 0xa2, wScan: 0, dwFlags: 0 },
      { wVk: 0xa0, wScan: 0, dwFlags: 0 },
      { wVk: 0x53, wScan: 0, dwFlags: 0 },
      { wVk: 0x53, wScan: 0, dwFlags: 0x0002 },
      { wVk: 0xa0, wScan: 0, dwFlags: 0x0002 },
      { wVk: 0xa2, wScan: 0, dwFlags: 0x0002 },
    ]);
  });

  it('marks extended keys (navigation block, Windows key)', () => {
    expect(windowsChordKeystroke(chord('win+delete'))).toEqual([
      { wVk: 0x5b, wScan: 0, dwFlags: 0x0001 },
      { wVk: 0x2e, wScan: 0, dwFlags: 0x0001 },
      { wVk: 0x2e, wScan: 0, dwFlags: 0x0003 },
      { wVk: 0x5b, wScan: 0, dwFlags: 0x0003 },
    ]);
  });
});

describe('windowsDesktopSession', () => {
  it.each([
    [{ sessionId: 0, connectState: 0, sessionFlags: 1 }, 'none', 'session 0 (services) has no desktop'],
    [{ sessionId: 2, connectState: 4, sessionFlags: 1 }, 'none', 'a disconnected session takes no input'],
    [{ sessionId: 1, connectState: 1, sessionFlags: undefined }, 'none', 'a session still at the logon screen'],
    [{ sessionId: 1, connectState: 0, sessionFlags: 0 }, 'locked', 'an active session behind its lock screen'],
    [{ sessionId: 1, connectState: 0, sessionFlags: 1 }, 'unlocked', 'an active, unlocked session'],
    [{ sessionId: 1, connectState: 0, sessionFlags: -1 }, 'unlocked', 'flags Windows cannot tell'],
    [{ sessionId: 1, connectState: 0, sessionFlags: undefined }, 'unlocked', 'flags that could not be read'],
  ] as Array<[WtsSessionFacts, DesktopSession, string]>)('%j is %s: %s', (facts, expected) => {
    expect(windowsDesktopSession(facts)).toBe(expected);
  });
});
