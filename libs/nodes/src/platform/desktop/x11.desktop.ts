import type { DesktopSession } from '@runtime-hub/protocol';
import { setTimeout as sleep } from 'node:timers/promises';
import { RetryableError } from '../../errors/retryable.error';
import { errorMessage } from '../../errors/error-shape';
import { X11_BIND_SETTLE_MS, X11_PROPERTY_MAX_LONGS } from '../platform-defaults';
import type { Desktop, KeystrokeOptions } from './desktop';
import { bindFunctions, loadKoffi, type KoffiModule, type NativeFunction } from './koffi.loader';
import { planX11Chords, planX11Text, type X11Batch, type X11Keymap } from './x11-input.plan';

/**
 * X11 through libX11 and libXtst (XTest), loaded with koffi on first use. The display is
 * `$DISPLAY` (Xlib reads it), opened for each operation and closed after it. Typing follows
 * x11-input.plan.ts. The focused window is `_NET_ACTIVE_WINDOW` when a window manager
 * publishes it, else the input focus, climbed up to the first window with a title. Locked:
 * the screensaver extension (libXss) reports the screensaver on, which is what screen lockers
 * run as; without libXss a reachable display counts as unlocked.
 */

/** X.h constants. */
const NONE = 0;
const POINTER_ROOT = 1;
const SUCCESS = 0;
const ANY_PROPERTY_TYPE = 0;
/** scrnsaver.h `ScreenSaverOn`. */
const SCREEN_SAVER_ON = 1;

const X11_FUNCTIONS = {
  XOpenDisplay: 'void *XOpenDisplay(const char *name)',
  XCloseDisplay: 'int XCloseDisplay(void *display)',
  XDefaultRootWindow: 'unsigned long XDefaultRootWindow(void *display)',
  XInternAtom: 'unsigned long XInternAtom(void *display, const char *name, int onlyIfExists)',
  XGetInputFocus: 'int XGetInputFocus(void *display, _Out_ unsigned long *focus, _Out_ int *revert)',
  XQueryTree:
    'int XQueryTree(void *display, unsigned long w, _Out_ unsigned long *root, _Out_ unsigned long *parent, _Out_ void **children, _Out_ unsigned int *count)',
  XGetWindowProperty:
    'int XGetWindowProperty(void *display, unsigned long w, unsigned long property, long offset, long length, int del, unsigned long reqType, _Out_ unsigned long *actualType, _Out_ int *actualFormat, _Out_ unsigned long *items, _Out_ unsigned long *bytesAfter, _Out_ void **prop)',
  XFree: 'int XFree(void *data)',
  XDisplayKeycodes: 'int XDisplayKeycodes(void *display, _Out_ int *min, _Out_ int *max)',
  XGetKeyboardMapping: 'void *XGetKeyboardMapping(void *display, uint8_t first, int count, _Out_ int *perKeycode)',
  XChangeKeyboardMapping: 'int XChangeKeyboardMapping(void *display, int first, int perKeycode, unsigned long *keysyms, int count)',
  XSync: 'int XSync(void *display, int discard)',
  XFlush: 'int XFlush(void *display)',
  XSetErrorHandler: 'void *XSetErrorHandler(void *handler)',
} as const;

type X11 = Readonly<Record<keyof typeof X11_FUNCTIONS, NativeFunction>> & {
  readonly XTestFakeKeyEvent: NativeFunction;
  readonly koffi: KoffiModule;
  /** XScreenSaverQueryInfo's `state`, or undefined without libXss. */
  screenSaverState(display: unknown): number | undefined;
};

let loaded: X11 | undefined;

function loadX11(): X11 {
  if (loaded) return loaded;
  const koffi = loadKoffi();
  const x11 = bindFunctions(koffi.load('libX11.so.6'), X11_FUNCTIONS);
  const xtst = bindFunctions(koffi.load('libXtst.so.6'), {
    XTestFakeKeyEvent: 'int XTestFakeKeyEvent(void *display, unsigned int keycode, int press, unsigned long delay)',
  });
  // Xlib's default error handler exits the process (a window closing while its title is read
  // is enough): errors are ignored instead, and results are checked where they matter.
  const ignoreErrors = koffi.register(() => 0, koffi.pointer(koffi.proto('int RuntimeHubXErrorHandler(void *display, void *event)')));
  x11.XSetErrorHandler(ignoreErrors);
  loaded = { ...x11, ...xtst, koffi, screenSaverState: loadScreenSaverState(koffi, x11) };
  return loaded;
}

function loadScreenSaverState(koffi: KoffiModule, x11: Readonly<Record<keyof typeof X11_FUNCTIONS, NativeFunction>>): X11['screenSaverState'] {
  let xss;
  try {
    xss = bindFunctions(koffi.load('libXss.so.1'), {
      XScreenSaverAllocInfo: 'void *XScreenSaverAllocInfo()',
      XScreenSaverQueryInfo: 'int XScreenSaverQueryInfo(void *display, unsigned long drawable, void *info)',
    });
  } catch {
    return () => undefined;
  }
  // XScreenSaverInfo starts with `Window window; int state;`.
  const stateOffset = koffi.sizeof('unsigned long');
  return (display) => {
    const info = xss.XScreenSaverAllocInfo();
    if (!info) return undefined;
    try {
      if (!xss.XScreenSaverQueryInfo(display, x11.XDefaultRootWindow(display), info)) return undefined;
      return koffi.decode(info, stateOffset, 'int') as number;
    } finally {
      x11.XFree(info);
    }
  };
}

function unavailable(message: string, cause?: unknown): RetryableError {
  return new RetryableError('DESKTOP_UNAVAILABLE', message, { cause });
}

/** Runs one operation on `$DISPLAY`, opened for it and closed after it. */
async function onDisplay<T>(operation: (x: X11, display: unknown) => T | Promise<T>): Promise<T> {
  let x: X11;
  try {
    x = loadX11();
  } catch (error) {
    throw unavailable(`cannot load libX11 and libXtst for keyboard input: ${errorMessage(error)}`, error);
  }
  const display = x.XOpenDisplay(null);
  if (!display) throw unavailable('cannot open the X display named by $DISPLAY: no desktop session here');
  try {
    return await operation(x, display);
  } finally {
    x.XCloseDisplay(display);
  }
}

/** C `unsigned long`s (XIDs, atoms, keysyms), which fit a JS number. */
function decodeLongs(x: X11, pointer: unknown, count: number): number[] {
  if (count === 0) return [];
  return Array.from(x.koffi.decode(pointer, 'unsigned long', count) as ArrayLike<number | bigint>, Number);
}

const atom = (x: X11, display: unknown, name: string, onlyIfExists = false) => Number(x.XInternAtom(display, name, onlyIfExists ? 1 : 0));

/** A window property: its type, and its items as bytes (format 8) or numbers (format 32, C longs). */
function readProperty(x: X11, display: unknown, window: number, property: number): { type: number; bytes: Buffer; longs: number[] } | undefined {
  const [type, format, items, after, data] = [[0], [0], [0], [0], [null as unknown]];
  const status = x.XGetWindowProperty(display, window, property, 0, X11_PROPERTY_MAX_LONGS, 0, ANY_PROPERTY_TYPE, type, format, items, after, data);
  if (status !== SUCCESS || !data[0]) return undefined;
  try {
    if (Number(type[0]) === NONE) return undefined;
    const count = Number(items[0]);
    if (Number(format[0]) === 32) return { type: Number(type[0]), bytes: Buffer.alloc(0), longs: decodeLongs(x, data[0], count) };
    // Copied out (a Buffer over koffi.view would share the memory XFree releases below).
    const bytes = count === 0 ? Buffer.alloc(0) : Buffer.from(new Uint8Array(x.koffi.view(data[0], count * (Number(format[0]) / 8))));
    return { type: Number(type[0]), bytes, longs: [] };
  } finally {
    x.XFree(data[0]);
  }
}

function windowTitle(x: X11, display: unknown, window: number): string | undefined {
  const utf8 = atom(x, display, 'UTF8_STRING');
  const netName = readProperty(x, display, window, atom(x, display, '_NET_WM_NAME'));
  if (netName && netName.type === utf8) return netName.bytes.toString('utf8');
  // WM_NAME is STRING (Latin-1), or UTF8_STRING from toolkits that know better.
  const name = readProperty(x, display, window, atom(x, display, 'WM_NAME'));
  return name ? name.bytes.toString(name.type === utf8 ? 'utf8' : 'latin1') : undefined;
}

function focusedWindow(x: X11, display: unknown, root: number): number {
  const netActive = atom(x, display, '_NET_ACTIVE_WINDOW', true);
  const active = netActive === NONE ? undefined : readProperty(x, display, root, netActive)?.longs[0];
  if (active !== undefined && active !== NONE) return active;
  const [focus, revert] = [[0], [0]];
  x.XGetInputFocus(display, focus, revert);
  return Number(focus[0]);
}

function focusedTitle(x: X11, display: unknown): string | null {
  const root = Number(x.XDefaultRootWindow(display));
  let window = focusedWindow(x, display, root);
  if (window === NONE || window === POINTER_ROOT) return null;
  while (window !== NONE && window !== root) {
    const title = windowTitle(x, display, window);
    if (title !== undefined) return title;
    const [rootOut, parent, children, count] = [[0], [0], [null as unknown], [0]];
    if (!x.XQueryTree(display, window, rootOut, parent, children, count)) break;
    if (children[0]) x.XFree(children[0]);
    window = Number(parent[0]);
  }
  // A focused window none of whose ancestors has a title.
  return '';
}

function readKeymap(x: X11, display: unknown): X11Keymap {
  const [min, max, per] = [[0], [0], [0]];
  x.XDisplayKeycodes(display, min, max);
  const minKeycode = Number(min[0]);
  const maxKeycode = Number(max[0]);
  const count = maxKeycode - minKeycode + 1;
  const pointer = x.XGetKeyboardMapping(display, minKeycode, count, per);
  if (!pointer) throw unavailable('the X server returned no keyboard map');
  try {
    return { minKeycode, maxKeycode, keysymsPerKeycode: Number(per[0]), keysyms: decodeLongs(x, pointer, count * Number(per[0])) };
  } finally {
    x.XFree(pointer);
  }
}

function bindKeycodes(x: X11, display: unknown, binds: X11Batch['bind'], free: boolean): void {
  for (const { keycode, keysym } of binds) x.XChangeKeyboardMapping(display, keycode, 2, free ? [0, 0] : [keysym, keysym], 1);
  x.XSync(display, 0);
}

async function sendBatches(x: X11, display: unknown, batches: readonly X11Batch[], options: KeystrokeOptions): Promise<void> {
  for (const batch of batches) {
    bindKeycodes(x, display, batch.bind, false);
    try {
      for (const keystroke of batch.strokes) {
        options.signal.throwIfAborted();
        for (const event of keystroke) x.XTestFakeKeyEvent(display, event.keycode, event.press ? 1 : 0, 0);
        x.XFlush(display);
        if (options.delayMs > 0) await sleep(options.delayMs);
      }
    } finally {
      if (batch.bind.length > 0) {
        // A window looks a keycode up when it handles the key, which may be after the event
        // was sent: freeing the keycodes at once could lose the last characters (xdotool's
        // known race), so they stay bound a little longer.
        x.XSync(display, 0);
        await sleep(X11_BIND_SETTLE_MS);
        bindKeycodes(x, display, batch.bind, true);
      }
    }
  }
  x.XSync(display, 0);
}

export function createX11Desktop(): Desktop {
  return {
    async session(): Promise<DesktopSession> {
      try {
        return await onDisplay((x, display) => (x.screenSaverState(display) === SCREEN_SAVER_ON ? 'locked' : 'unlocked'));
      } catch {
        return 'none';
      }
    },
    focusedWindowTitle: () => onDisplay(focusedTitle),
    typeText: (text, options) => onDisplay((x, display) => sendBatches(x, display, planX11Text(text, readKeymap(x, display)), options)),
    pressChords: (chords, options) => onDisplay((x, display) => sendBatches(x, display, planX11Chords(chords, readKeymap(x, display)), options)),
  };
}
