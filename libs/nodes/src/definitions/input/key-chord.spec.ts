import { KeyboardKeysConfigSchema } from './keyboard-keys.definition';
import { parseChord } from './key-chord';

describe('parseChord', () => {
  it('reads modifiers and the key, ignoring case and spaces', () => {
    expect(parseChord('Ctrl + Shift + S')).toEqual({
      ok: true,
      chord: { modifiers: ['ctrl', 'shift'], key: { vk: 0x53, keysym: 0x73 }, text: 'Ctrl + Shift + S' },
    });
    expect(parseChord('alt+f4')).toMatchObject({ ok: true, chord: { modifiers: ['alt'], key: { vk: 0x73, keysym: 0xffc1 } } });
    expect(parseChord('enter')).toMatchObject({ ok: true, chord: { modifiers: [], key: { vk: 0x0d, keysym: 0xff0d } } });
    expect(parseChord('win+left')).toMatchObject({ ok: true, chord: { modifiers: ['win'], key: { vk: 0x25, extended: true } } });
  });

  it('takes aliases and drops a repeated modifier', () => {
    expect(parseChord('control+ctrl+super+7')).toMatchObject({ ok: true, chord: { modifiers: ['ctrl', 'win'], key: { vk: 0x37, keysym: 0x37 } } });
  });

  it('names what is wrong', () => {
    expect(parseChord('ctrl+')).toEqual({ ok: false, problem: '"ctrl+": empty key name (write chords like ctrl+s)' });
    expect(parseChord('hyper+s')).toMatchObject({ ok: false, problem: expect.stringContaining('"hyper" is not a modifier') });
    expect(parseChord('ctrl+f25')).toMatchObject({ ok: false, problem: expect.stringContaining('unknown key "f25"') });
  });

  it('makes the config schema name the entry with an unknown key', () => {
    const parsed = KeyboardKeysConfigSchema.safeParse({ keys: ['ctrl+s', 'ctrl+kaboom'] });

    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues).toEqual([expect.objectContaining({ path: ['keys', 1], message: expect.stringContaining('unknown key "kaboom"') })]);
  });
});
