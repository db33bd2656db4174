/**
 * Key names of `keyboard.keys` and how a chord (`ctrl+shift+s`) is read. Pure data, shared by
 * the config schema (so `validate` names a misspelt key before anything runs) and by the
 * platform code that turns a chord into Windows virtual-key codes or X11 keysyms.
 */

/** A key as both systems name it: the Windows virtual-key code and the X11 keysym. */
export interface KeyCode {
  /** Windows virtual-key code (winuser.h `VK_*`). */
  readonly vk: number;
  /** X11 keysym (X11/keysymdef.h `XK_*`). */
  readonly keysym: number;
  /** Windows: sent with KEYEVENTF_EXTENDEDKEY (the navigation block, the Windows and menu keys). */
  readonly extended?: boolean;
}

export const MODIFIER_NAMES = ['ctrl', 'shift', 'alt', 'win'] as const;
export type ModifierName = (typeof MODIFIER_NAMES)[number];

/** Left-hand modifiers: what a person pressing the chord would most likely use. */
export const MODIFIER_KEYS: Readonly<Record<ModifierName, KeyCode>> = {
  ctrl: { vk: 0xa2, keysym: 0xffe3 },
  shift: { vk: 0xa0, keysym: 0xffe1 },
  alt: { vk: 0xa4, keysym: 0xffe9 },
  win: { vk: 0x5b, keysym: 0xffeb, extended: true },
};

const MODIFIER_ALIASES: Readonly<Record<string, ModifierName>> = {
  ctrl: 'ctrl',
  control: 'ctrl',
  shift: 'shift',
  alt: 'alt',
  win: 'win',
  super: 'win',
  meta: 'win',
  cmd: 'win',
};

/** Highest function key Windows has a virtual-key code for (F24). */
const FUNCTION_KEY_COUNT = 24;
const VK_F1 = 0x70;
const XK_F1 = 0xffbe;

const NAMED_KEYS: Readonly<Record<string, KeyCode>> = {
  enter: { vk: 0x0d, keysym: 0xff0d },
  return: { vk: 0x0d, keysym: 0xff0d },
  tab: { vk: 0x09, keysym: 0xff09 },
  escape: { vk: 0x1b, keysym: 0xff1b },
  esc: { vk: 0x1b, keysym: 0xff1b },
  space: { vk: 0x20, keysym: 0x0020 },
  backspace: { vk: 0x08, keysym: 0xff08 },
  delete: { vk: 0x2e, keysym: 0xffff, extended: true },
  del: { vk: 0x2e, keysym: 0xffff, extended: true },
  insert: { vk: 0x2d, keysym: 0xff63, extended: true },
  home: { vk: 0x24, keysym: 0xff50, extended: true },
  end: { vk: 0x23, keysym: 0xff57, extended: true },
  pageup: { vk: 0x21, keysym: 0xff55, extended: true },
  pagedown: { vk: 0x22, keysym: 0xff56, extended: true },
  left: { vk: 0x25, keysym: 0xff51, extended: true },
  up: { vk: 0x26, keysym: 0xff52, extended: true },
  right: { vk: 0x27, keysym: 0xff53, extended: true },
  down: { vk: 0x28, keysym: 0xff54, extended: true },
  printscreen: { vk: 0x2c, keysym: 0xff61, extended: true },
  menu: { vk: 0x5d, keysym: 0xff67, extended: true },
  capslock: { vk: 0x14, keysym: 0xffe5 },
};

/** A parsed chord: modifiers held (in order) while `key` is pressed. `key` alone is a plain key press. */
export interface KeyChord {
  readonly modifiers: readonly ModifierName[];
  readonly key: KeyCode;
  /** As written, for logs and messages. */
  readonly text: string;
}

export type ChordParse = { readonly ok: true; readonly chord: KeyChord } | { readonly ok: false; readonly problem: string };

/** The key a single name stands for: a named key, f1..f24, a letter or a digit; a modifier pressed alone. */
export function keyCodeOf(name: string): KeyCode | undefined {
  const lower = name.toLowerCase();
  const named = NAMED_KEYS[lower];
  if (named) return named;
  const modifier = MODIFIER_ALIASES[lower];
  if (modifier) return MODIFIER_KEYS[modifier];
  const functionKey = /^f([1-9]\d?)$/.exec(lower);
  if (functionKey) {
    const n = Number(functionKey[1]);
    return n <= FUNCTION_KEY_COUNT ? { vk: VK_F1 + n - 1, keysym: XK_F1 + n - 1 } : undefined;
  }
  // Letters: the virtual key is the capital's code, the keysym the small letter's; digits share both.
  if (/^[a-z]$/.test(lower)) return { vk: lower.toUpperCase().charCodeAt(0), keysym: lower.charCodeAt(0) };
  if (/^[0-9]$/.test(lower)) return { vk: lower.charCodeAt(0), keysym: lower.charCodeAt(0) };
  return undefined;
}

/**
 * `ctrl+shift+s` → modifiers [ctrl, shift], key s. Names are case-insensitive; spaces around
 * `+` are allowed. Every part but the last must be a modifier.
 */
export function parseChord(text: string): ChordParse {
  const parts = text.split('+').map((part) => part.trim());
  if (parts.some((part) => part === '')) return { ok: false, problem: `"${text}": empty key name (write chords like ctrl+s)` };
  const keyName = parts[parts.length - 1]!;
  const modifiers: ModifierName[] = [];
  for (const part of parts.slice(0, -1)) {
    const modifier = MODIFIER_ALIASES[part.toLowerCase()];
    if (!modifier) return { ok: false, problem: `"${text}": "${part}" is not a modifier (expected one of ${MODIFIER_NAMES.join(', ')})` };
    if (!modifiers.includes(modifier)) modifiers.push(modifier);
  }
  const key = keyCodeOf(keyName);
  if (!key) return { ok: false, problem: `"${text}": unknown key "${keyName}" (letters, digits, f1-f${FUNCTION_KEY_COUNT}, ${Object.keys(NAMED_KEYS).join(', ')})` };
  return { ok: true, chord: { modifiers, key, text } };
}
