import type { DesktopSession } from '@runtime-hub/protocol';
import { MODIFIER_KEYS, keyCodeOf, type KeyChord, type KeyCode } from '../../definitions/input/key-chord';

/**
 * What the Windows desktop sends and reads, as data: the INPUT records of each keystroke for
 * user32 `SendInput`, and the mapping of a WTS session to a desktop session. Built here and
 * unit-tested on any OS; windows.desktop.ts only hands them to the system.
 */

/** winuser.h `INPUT.type` of a keyboard event. */
export const INPUT_KEYBOARD = 1;
export const KEYEVENTF_EXTENDEDKEY = 0x0001;
export const KEYEVENTF_KEYUP = 0x0002;
/** `wScan` holds a UTF-16 code unit, delivered as WM_CHAR whatever the keyboard layout. */
export const KEYEVENTF_UNICODE = 0x0004;

/** Characters typed as the key of the same meaning, which applications handle as keys. */
const KEY_CHARACTERS: Readonly<Record<string, KeyCode>> = { '\n': keyCodeOf('enter')!, '\r': keyCodeOf('enter')!, '\t': keyCodeOf('tab')! };

/** One KEYBDINPUT, as `INPUT { type: INPUT_KEYBOARD, ki }`. */
export interface KeyboardInput {
  readonly wVk: number;
  readonly wScan: number;
  readonly dwFlags: number;
}

/** The inputs of one keystroke, sent in one SendInput call so nothing interleaves with them. */
export type Keystroke = readonly KeyboardInput[];

function virtualKey(key: KeyCode, up: boolean): KeyboardInput {
  return { wVk: key.vk, wScan: 0, dwFlags: (key.extended ? KEYEVENTF_EXTENDEDKEY : 0) | (up ? KEYEVENTF_KEYUP : 0) };
}

function unicodeUnit(unit: number, up: boolean): KeyboardInput {
  return { wVk: 0, wScan: unit, dwFlags: KEYEVENTF_UNICODE | (up ? KEYEVENTF_KEYUP : 0) };
}

/**
 * Text → keystrokes, one per character. Line breaks (`\n`, `\r\n`) are the Enter key and `\t`
 * the Tab key, which applications handle as keys rather than characters; every other
 * character is sent as its UTF-16 code units with KEYEVENTF_UNICODE, so `Grüße, 東京 ✓` types
 * the same on any layout. A character outside the BMP is its two surrogates, each pressed and
 * released, in one keystroke.
 */
export function windowsTextKeystrokes(text: string): Keystroke[] {
  const strokes: Keystroke[] = [];
  for (const character of text.replace(/\r\n/g, '\n')) {
    const key = KEY_CHARACTERS[character];
    if (key) strokes.push([virtualKey(key, false), virtualKey(key, true)]);
    else {
      const units = Array.from({ length: character.length }, (_, index) => character.charCodeAt(index));
      strokes.push(units.flatMap((unit) => [unicodeUnit(unit, false), unicodeUnit(unit, true)]));
    }
  }
  return strokes;
}

/** A chord → modifiers down in order, the key down and up, modifiers up in reverse order. */
export function windowsChordKeystroke(chord: KeyChord): Keystroke {
  const modifiers = chord.modifiers.map((name) => MODIFIER_KEYS[name]);
  return [
    ...modifiers.map((key) => virtualKey(key, false)),
    virtualKey(chord.key, false),
    virtualKey(chord.key, true),
    ...[...modifiers].reverse().map((key) => virtualKey(key, true)),
  ];
}

/** wtsapi32.h `WTS_CONNECTSTATE_CLASS.WTSActive`: a user is logged on and attached to the console or a remote connection. */
export const WTS_ACTIVE = 0;
/** `WTSINFOEX_LEVEL1.SessionFlags`. */
export const WTS_SESSIONSTATE_LOCK = 0;
export const WTS_SESSIONSTATE_UNLOCK = 1;
export const WTS_SESSIONSTATE_UNKNOWN = -1;

export interface WtsSessionFacts {
  /** `ProcessIdToSessionId` of the agent's own process. */
  readonly sessionId: number;
  /** `WTSConnectState` of that session. */
  readonly connectState: number;
  /** `WTSSessionInfoEx` level 1 `SessionFlags`; undefined when the query failed. */
  readonly sessionFlags: number | undefined;
}

/**
 * WTS facts → desktop session. Session 0 is where services run since Vista: it has no
 * interactive desktop, whatever its state says. A session that is not active (disconnected
 * remote session, logon screen) takes no input: `none`. An active one is `locked` when its
 * flags say so; unknown flags count as unlocked, since Windows reports them only for
 * sessions it cannot tell about, and input then fails loudly rather than silently. (Windows 7
 * and Server 2008 R2 report the two flags swapped; they are past support and not handled.)
 */
export function windowsDesktopSession(facts: WtsSessionFacts): DesktopSession {
  if (facts.sessionId === 0) return 'none';
  if (facts.connectState !== WTS_ACTIVE) return 'none';
  return facts.sessionFlags === WTS_SESSIONSTATE_LOCK ? 'locked' : 'unlocked';
}
