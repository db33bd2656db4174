import type { DesktopSession } from '@runtime-hub/protocol';
import { setTimeout as sleep } from 'node:timers/promises';
import { RetryableError } from '../../errors/retryable.error';
import { errorMessage } from '../../errors/error-shape';
import { WINDOW_TITLE_MAX_CHARS } from '../platform-defaults';
import type { Desktop, KeystrokeOptions } from './desktop';
import { bindFunctions, loadKoffi, type KoffiModule, type NativeFunction } from './koffi.loader';
import { INPUT_KEYBOARD, windowsChordKeystroke, windowsDesktopSession, windowsTextKeystrokes, type Keystroke } from './windows-input.plan';
import { defineWindowsInputTypes, type WindowsInputTypes } from './windows-input.types';

/**
 * Windows through user32, kernel32 and wtsapi32, loaded with koffi on first use. Keystrokes are
 * the INPUT records of windows-input.plan.ts, one SendInput call per keystroke; the focused
 * window is GetForegroundWindow's; the session is the WTS state of this process's session.
 */

/** wtsapi32.h `WTS_INFO_CLASS` values and the current server's handle. */
const WTS_CONNECT_STATE = 8;
const WTS_SESSION_INFO_EX = 25;
const WTS_CURRENT_SERVER_HANDLE = null;

interface Win32 {
  readonly koffi: KoffiModule;
  readonly types: WindowsInputTypes;
  readonly user32: Readonly<Record<'SendInput' | 'GetForegroundWindow' | 'GetWindowTextW', NativeFunction>>;
  readonly kernel32: Readonly<Record<'GetCurrentProcessId' | 'ProcessIdToSessionId' | 'GetLastError', NativeFunction>>;
  readonly wtsapi32: Readonly<Record<'WTSQuerySessionInformationW' | 'WTSFreeMemory', NativeFunction>>;
}

let loaded: Win32 | undefined;

function loadWin32(): Win32 {
  if (loaded) return loaded;
  const koffi = loadKoffi();
  const types = defineWindowsInputTypes(koffi);
  loaded = {
    koffi,
    types,
    user32: bindFunctions(koffi.load('user32.dll'), {
      SendInput: 'uint32_t __stdcall SendInput(uint32_t count, RhWinInput *inputs, int size)',
      GetForegroundWindow: 'void * __stdcall GetForegroundWindow()',
      GetWindowTextW: 'int __stdcall GetWindowTextW(void *window, _Out_ uint16_t *text, int maxCount)',
    }),
    kernel32: bindFunctions(koffi.load('kernel32.dll'), {
      GetCurrentProcessId: 'uint32_t __stdcall GetCurrentProcessId()',
      ProcessIdToSessionId: 'int __stdcall ProcessIdToSessionId(uint32_t pid, _Out_ uint32_t *sessionId)',
      GetLastError: 'uint32_t __stdcall GetLastError()',
    }),
    wtsapi32: bindFunctions(koffi.load('wtsapi32.dll'), {
      WTSQuerySessionInformationW: 'int __stdcall WTSQuerySessionInformationW(void *server, uint32_t sessionId, int infoClass, _Out_ void **buffer, _Out_ uint32_t *bytes)',
      WTSFreeMemory: 'void __stdcall WTSFreeMemory(void *memory)',
    }),
  };
  return loaded;
}

function win32OrUnavailable(): Win32 {
  try {
    return loadWin32();
  } catch (error) {
    throw new RetryableError('DESKTOP_UNAVAILABLE', `cannot load user32 and wtsapi32 for keyboard input: ${errorMessage(error)}`, { cause: error });
  }
}

/** Reads one WTS information class of a session; undefined when Windows refuses. */
function querySession<T>(win: Win32, sessionId: number, infoClass: number, read: (buffer: unknown) => T): T | undefined {
  const buffer: unknown[] = [null];
  const bytes = [0];
  if (!win.wtsapi32.WTSQuerySessionInformationW(WTS_CURRENT_SERVER_HANDLE, sessionId, infoClass, buffer, bytes) || !buffer[0]) return undefined;
  try {
    return read(buffer[0]);
  } finally {
    win.wtsapi32.WTSFreeMemory(buffer[0]);
  }
}

function currentSession(win: Win32): DesktopSession {
  const sessionId = [0];
  if (!win.kernel32.ProcessIdToSessionId(win.kernel32.GetCurrentProcessId(), sessionId)) return 'none';
  const id = Number(sessionId[0]);
  const connectState = querySession(win, id, WTS_CONNECT_STATE, (buffer) => win.koffi.decode(buffer, 'int') as number);
  const sessionFlags = querySession(win, id, WTS_SESSION_INFO_EX, (buffer) => (win.koffi.decode(buffer, win.types.WTSINFOEX_HEAD) as { SessionFlags: number }).SessionFlags);
  return windowsDesktopSession({ sessionId: id, connectState: connectState ?? -1, sessionFlags });
}

async function send(win: Win32, strokes: readonly Keystroke[], options: KeystrokeOptions): Promise<void> {
  const size = win.koffi.sizeof(win.types.INPUT);
  for (const keystroke of strokes) {
    options.signal.throwIfAborted();
    const inputs = keystroke.map((ki) => ({ type: INPUT_KEYBOARD, u: { ki: { ...ki, time: 0, dwExtraInfo: 0 } } }));
    const sent = Number(win.user32.SendInput(inputs.length, inputs, size));
    if (sent !== inputs.length) {
      // SendInput is refused as a whole by User Interface Privilege Isolation (the focused
      // window runs elevated) or when the input desktop is not this session's (locked).
      throw new RetryableError(
        'DESKTOP_UNAVAILABLE',
        `SendInput delivered ${sent} of ${inputs.length} key events (error ${Number(win.kernel32.GetLastError())}): the session is locked, or the focused window runs with higher rights than the agent`,
      );
    }
    if (options.delayMs > 0) await sleep(options.delayMs);
  }
}

export function createWindowsDesktop(): Desktop {
  return {
    async session() {
      try {
        return currentSession(loadWin32());
      } catch {
        return 'none';
      }
    },
    async focusedWindowTitle() {
      const win = win32OrUnavailable();
      const window = win.user32.GetForegroundWindow();
      if (!window) return null;
      const text = Buffer.alloc((WINDOW_TITLE_MAX_CHARS + 1) * 2);
      const length = Number(win.user32.GetWindowTextW(window, text, WINDOW_TITLE_MAX_CHARS + 1));
      return text.toString('utf16le', 0, length * 2);
    },
    typeText: async (text, options) => send(win32OrUnavailable(), windowsTextKeystrokes(text), options),
    pressChords: async (chords, options) => send(win32OrUnavailable(), chords.map(windowsChordKeystroke), options),
  };
}
