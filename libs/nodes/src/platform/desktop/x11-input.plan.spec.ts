import { parseChord, type KeyChord } from '../../definitions/input/key-chord';
import { keysymOfCharacter, planX11Chords, planX11Text, type X11Keymap } from './x11-input.plan';

/**
 * A small keyboard map, two keysyms per keycode (plain, Shift):
 *
 *   10: a A    11: b B    12: 1 !    13: Return    14: Shift_L    15: Control_L
 *   16: -      17: -      (spare: no keysym at all)
 */
const KEYMAP: X11Keymap = {
  minKeycode: 10,
  maxKeycode: 17,
  keysymsPerKeycode: 2,
  keysyms: [0x61, 0x41, 0x62, 0x42, 0x31, 0x21, 0xff0d, 0, 0xffe1, 0, 0xffe3, 0, 0, 0, 0, 0],
};

const press = (keycode: number) => ({ keycode, press: true });
const release = (keycode: number) => ({ keycode, press: false });
const chord = (text: string): KeyChord => {
  const parsed = parseChord(text);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.chord;
};

describe('keysymOfCharacter', () => {
  it('uses Latin-1 code points, Unicode keysyms beyond, and keys for line breaks and tabs', () => {
    expect(['a', 'ü', '東', '✓', '\n', '\t'].map(keysymOfCharacter)).toEqual([0x61, 0xfc, 0x0100_6771, 0x0100_2713, 0xff0d, 0xff09]);
  });
});

describe('planX11Text', () => {
  it('types mapped characters with their key, Shift for the second level', () => {
    expect(planX11Text('aB!\n', KEYMAP)).toEqual([
      {
        bind: [],
        strokes: [
          [press(10), release(10)],
          [press(14), press(11), release(11), release(14)],
          [press(14), press(12), release(12), release(14)],
          [press(13), release(13)],
        ],
      },
    ]);
  });

  it('binds characters the map lacks to spare keycodes, once each', () => {
    expect(planX11Text('ü東ü', KEYMAP)).toEqual([
      {
        bind: [
          { keycode: 16, keysym: 0xfc },
          { keycode: 17, keysym: 0x0100_6771 },
        ],
        strokes: [
          [press(16), release(16)],
          [press(17), release(17)],
          [press(16), release(16)],
        ],
      },
    ]);
  });

  it('types in batches when there are more such characters than spare keycodes', () => {
    const batches = planX11Text('東京✓a', KEYMAP);

    expect(batches.map((batch) => batch.bind)).toEqual([
      [
        { keycode: 16, keysym: 0x0100_6771 },
        { keycode: 17, keysym: 0x0100_4eac },
      ],
      [{ keycode: 16, keysym: 0x0100_2713 }],
    ]);
    expect(batches.map((batch) => batch.strokes.length)).toEqual([2, 2]);
  });
});

describe('planX11Chords', () => {
  it('holds the modifiers around the key', () => {
    expect(planX11Chords([chord('ctrl+shift+b'), chord('enter')], KEYMAP)).toEqual([
      {
        bind: [],
        strokes: [
          [press(15), press(14), press(11), release(11), release(14), release(15)],
          [press(13), release(13)],
        ],
      },
    ]);
  });

  it('binds a key the map lacks, modifiers included', () => {
    expect(planX11Chords([chord('alt+f4')], KEYMAP)).toEqual([
      {
        bind: [
          { keycode: 16, keysym: 0xffe9 },
          { keycode: 17, keysym: 0xffc1 },
        ],
        strokes: [[press(16), press(17), release(17), release(16)]],
      },
    ]);
  });
});
