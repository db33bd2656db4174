import { loadKoffi } from './koffi.loader';
import { INPUT_KEYBOARD, windowsChordKeystroke } from './windows-input.plan';
import { defineWindowsInputTypes } from './windows-input.types';
import { parseChord } from '../../definitions/input/key-chord';

// What SendInput reads on Windows x64 (winuser.h): INPUT is 40 bytes, `ki` starts at 8, and
// KEYBDINPUT is wVk@0, wScan@2, dwFlags@4, time@8, dwExtraInfo@16. koffi lays records out by
// the C rules of the host, which for these types are those of Windows x64 on any 64-bit host
// (the project builds and tests on 64-bit hosts only).
describe('Win32 input records as koffi lays them out', () => {
  const koffi = loadKoffi();
  const types = defineWindowsInputTypes(koffi);

  it('matches the sizes and offsets of winuser.h on x64', () => {
    expect(koffi.sizeof(types.INPUT)).toBe(40);
    expect(koffi.offsetof(types.INPUT, 'u')).toBe(8);
    expect(koffi.sizeof(types.KEYBDINPUT)).toBe(24);
    expect(['wVk', 'wScan', 'dwFlags', 'time', 'dwExtraInfo'].map((member) => koffi.offsetof(types.KEYBDINPUT, member))).toEqual([0, 2, 4, 8, 16]);
    expect(['SessionId', 'SessionState', 'SessionFlags'].map((member) => koffi.offsetof(types.WTSINFOEX_HEAD, member))).toEqual([8, 12, 16]);
  });

  it('encodes the INPUT array of a chord byte for byte', () => {
    const parsed = parseChord('ctrl+s');
    if (!parsed.ok) throw new Error(parsed.problem);
    const keystroke = windowsChordKeystroke(parsed.chord);
    const inputs = keystroke.map((ki) => ({ type: INPUT_KEYBOARD, u: { ki: { ...ki, time: 0, dwExtraInfo: 0 } } }));
    const memory = Buffer.alloc(40 * inputs.length);

    koffi.encode(memory, 0, koffi.array(types.INPUT, inputs.length), inputs);

    const records = inputs.map((_, index) => memory.subarray(index * 40, index * 40 + 40));
    expect(records.map((record) => [record.readUInt32LE(0), record.readUInt16LE(8), record.readUInt16LE(10), record.readUInt32LE(12)])).toEqual([
      [1, 0xa2, 0, 0],
      [1, 0x53, 0, 0],
      [1, 0x53, 0, 2],
      [1, 0xa2, 0, 2],
    ]);
  });
});
