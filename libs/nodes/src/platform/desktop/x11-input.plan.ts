import { MODIFIER_KEYS, keyCodeOf, type KeyChord } from '../../definitions/input/key-chord';

/**
 * What the X11 desktop sends, as data: which keycode (and whether Shift) types each keysym,
 * and which spare keycodes must be bound first to keysyms the keyboard map lacks. Built here
 * and unit-tested with a keyboard map as data; x11.desktop.ts only hands it to XTest.
 *
 * Characters the map has are typed with their own key (Shift for the second level). Any
 * other character (`ü` on a US map, `東`, `✓`) is bound to a keycode that has no keysym at all,
 * as xdotool does: XChangeKeyboardMapping puts the keysym on both levels of that keycode, the
 * key is pressed, and the keycode is freed again once the batch is typed. When a text needs
 * more such characters than there are spare keycodes, it is typed in batches.
 */

/** X11/keysymdef.h: keysyms of Latin-1 characters are their code points. */
const LATIN1_PRINTABLE = (codePoint: number) => (codePoint >= 0x20 && codePoint <= 0x7e) || (codePoint >= 0xa0 && codePoint <= 0xff);
/** Any other Unicode character has keysym 0x01000000 + its code point (X11 keysym encoding, appendix A). */
const UNICODE_KEYSYM_OFFSET = 0x0100_0000;
const XK_SHIFT_L = MODIFIER_KEYS.shift.keysym;
/** Characters typed as the key of the same meaning. */
const KEY_CHARACTERS: Readonly<Record<string, number>> = { '\n': keyCodeOf('enter')!.keysym, '\r': keyCodeOf('enter')!.keysym, '\t': keyCodeOf('tab')!.keysym };

/** The keysym that types one character. */
export function keysymOfCharacter(character: string): number {
  const key = KEY_CHARACTERS[character];
  if (key !== undefined) return key;
  const codePoint = character.codePointAt(0)!;
  return LATIN1_PRINTABLE(codePoint) ? codePoint : UNICODE_KEYSYM_OFFSET + codePoint;
}

/** Text → one keysym per character (`\r\n` is one Enter). */
export function textKeysyms(text: string): number[] {
  return Array.from(text.replace(/\r\n/g, '\n'), keysymOfCharacter);
}

/** The server's keyboard map, as XDisplayKeycodes and XGetKeyboardMapping return it. */
export interface X11Keymap {
  readonly minKeycode: number;
  readonly maxKeycode: number;
  readonly keysymsPerKeycode: number;
  /** (maxKeycode - minKeycode + 1) × keysymsPerKeycode keysyms; 0 is NoSymbol. */
  readonly keysyms: readonly number[];
}

export interface X11KeyEvent {
  readonly keycode: number;
  readonly press: boolean;
}

/** Events of one keystroke: sent together, then the typing delay. */
export type X11Keystroke = readonly X11KeyEvent[];

export interface X11Batch {
  /** Spare keycodes to bind before the keystrokes, and to free after them. */
  readonly bind: ReadonlyArray<{ readonly keycode: number; readonly keysym: number }>;
  readonly strokes: readonly X11Keystroke[];
}

/** A press of `keycode` with `held` keycodes down around it (modifiers, Shift). */
function stroke(keycode: number, held: readonly number[] = []): X11Keystroke {
  return [
    ...held.map((code) => ({ keycode: code, press: true })),
    { keycode, press: true },
    { keycode, press: false },
    ...[...held].reverse().map((code) => ({ keycode: code, press: false })),
  ];
}

class KeymapIndex {
  private readonly spare: number[] = [];
  private readonly levels = new Map<number, { keycode: number; level: number }>();
  private readonly shift: number | undefined;

  constructor(map: X11Keymap) {
    for (let keycode = map.minKeycode; keycode <= map.maxKeycode; keycode += 1) {
      const base = (keycode - map.minKeycode) * map.keysymsPerKeycode;
      const syms = map.keysyms.slice(base, base + map.keysymsPerKeycode);
      if (syms.every((sym) => sym === 0)) this.spare.push(keycode);
      // The first two levels (plain, Shift) are the ones XTest can reach with Shift alone.
      syms.slice(0, 2).forEach((sym, level) => {
        const known = this.levels.get(sym);
        if (sym !== 0 && (!known || known.level > level)) this.levels.set(sym, { keycode, level });
      });
    }
    this.shift = this.levels.get(XK_SHIFT_L)?.keycode;
  }

  get spareKeycodes(): readonly number[] {
    return this.spare;
  }

  /** The keystroke of a keysym the map has, with `held` keycodes around it; undefined: it needs a spare keycode. */
  mapped(keysym: number, held: readonly number[]): X11Keystroke | undefined {
    const found = this.levels.get(keysym);
    if (!found) return undefined;
    if (found.level === 0) return stroke(found.keycode, held);
    return this.shift === undefined ? undefined : stroke(found.keycode, [...held, this.shift]);
  }
}

/**
 * Plans keystrokes, each a keysym to press with other keysyms held (a chord's modifiers), in
 * batches that bind no more spare keycodes than the map has.
 */
function planKeystrokes(wanted: ReadonlyArray<{ readonly keysym: number; readonly held: readonly number[] }>, map: X11Keymap): X11Batch[] {
  const index = new KeymapIndex(map);
  const batches: X11Batch[] = [];
  let bind = new Map<number, number>();
  let strokes: X11Keystroke[] = [];
  const keycodeOf = (keysym: number): number => {
    const bound = bind.get(keysym);
    if (bound !== undefined) return bound;
    const mapped = index.mapped(keysym, []);
    if (mapped && mapped.length === 2) return mapped[0]!.keycode;
    if (index.spareKeycodes.length === 0) throw new Error('the X keyboard map has no spare keycode to bind a character to');
    if (bind.size === index.spareKeycodes.length) {
      batches.push({ bind: [...bind].map(([sym, keycode]) => ({ keycode, keysym: sym })), strokes });
      bind = new Map();
      strokes = [];
    }
    const keycode = index.spareKeycodes[bind.size]!;
    bind.set(keysym, keycode);
    return keycode;
  };
  for (const { keysym, held } of wanted) {
    const heldKeycodes = held.map(keycodeOf);
    // Planned before it is added: binding a keycode may have started a new batch.
    const planned = index.mapped(keysym, heldKeycodes) ?? stroke(keycodeOf(keysym), heldKeycodes);
    strokes.push(planned);
  }
  batches.push({ bind: [...bind].map(([sym, keycode]) => ({ keycode, keysym: sym })), strokes });
  return batches;
}

/** Text → batches of keystrokes, one keystroke per character. */
export function planX11Text(text: string, map: X11Keymap): X11Batch[] {
  return planKeystrokes(textKeysyms(text).map((keysym) => ({ keysym, held: [] })), map);
}

/** Chords → batches of keystrokes, one keystroke per chord (modifiers held around the key). */
export function planX11Chords(chords: readonly KeyChord[], map: X11Keymap): X11Batch[] {
  return planKeystrokes(
    chords.map((chord) => ({ keysym: chord.key.keysym, held: chord.modifiers.map((name) => MODIFIER_KEYS[name].keysym) })),
    map,
  );
}
