import type { TypeObject } from 'koffi';
import type { KoffiModule } from './koffi.loader';

/**
 * The Win32 records SendInput and WTSQuerySessionInformationW exchange, declared for koffi
 * with winuser.h's layout. koffi computes sizes and offsets with the target's alignment rules,
 * so a unit test checks them on any 64-bit host against what Windows x64 expects
 * (sizeof(INPUT) is 40: a 4-byte type, 4 bytes of padding, a 32-byte union).
 */
export interface WindowsInputTypes {
  readonly KEYBDINPUT: TypeObject;
  readonly INPUT: TypeObject;
  /** The head of WTSINFOEXW at level 1: Level, then WTSINFOEX_LEVEL1_W up to SessionFlags. */
  readonly WTSINFOEX_HEAD: TypeObject;
}

let defined: WindowsInputTypes | undefined;

/** Declares the records once (koffi keeps named types for the life of the process). */
export function defineWindowsInputTypes(koffi: KoffiModule): WindowsInputTypes {
  if (defined) return defined;
  const KEYBDINPUT = koffi.struct('RhWinKeybdInput', { wVk: 'uint16_t', wScan: 'uint16_t', dwFlags: 'uint32_t', time: 'uint32_t', dwExtraInfo: 'uintptr_t' });
  const MOUSEINPUT = koffi.struct('RhWinMouseInput', {
    dx: 'int32_t',
    dy: 'int32_t',
    mouseData: 'uint32_t',
    dwFlags: 'uint32_t',
    time: 'uint32_t',
    dwExtraInfo: 'uintptr_t',
  });
  const HARDWAREINPUT = koffi.struct('RhWinHardwareInput', { uMsg: 'uint32_t', wParamL: 'uint16_t', wParamH: 'uint16_t' });
  const union = koffi.union('RhWinInputUnion', { mi: MOUSEINPUT, ki: KEYBDINPUT, hi: HARDWAREINPUT });
  const INPUT = koffi.struct('RhWinInput', { type: 'uint32_t', u: union });
  // WTSINFOEX_LEVEL1_W holds LARGE_INTEGERs, so the union after `Level` starts 8-aligned.
  const WTSINFOEX_HEAD = koffi.struct('RhWtsInfoExHead', { Level: 'uint32_t', SessionId: [8, 'uint32_t'], SessionState: 'int32_t', SessionFlags: 'int32_t' });
  defined = { KEYBDINPUT, INPUT, WTSINFOEX_HEAD };
  return defined;
}
