/**
 * A real X display for the keyboard tests: Xvfb (Debian's `xvfb`) on a display number it picks
 * itself (`-displayfd`), and a Tk window (`text-window.py`, Debian's `python3-tk`) with a known
 * title that writes what was typed into it to a file on Ctrl+D. Every wait is bounded; `close()`
 * ends what was started here.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import * as koffi from 'koffi';

const TEXT_WINDOW = path.join(__dirname, 'text-window.py');
/** Xvfb and a Tk window are up well within this on a loaded host. */
const START_TIMEOUT_MS = 20_000;

function untilLine(child: ChildProcess, stream: NodeJS.ReadableStream, matches: (line: string) => boolean, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`timed out after ${START_TIMEOUT_MS} ms waiting for ${what}; output: ${seen}`)), START_TIMEOUT_MS);
    stream.on('data', (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const line = seen.split('\n').find(matches);
      if (line !== undefined) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what}: the process exited with code ${code}; output: ${seen}`));
    });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

export class XDisplay {
  private constructor(
    readonly name: string,
    private readonly server: ChildProcess,
  ) {}

  static async start(): Promise<XDisplay> {
    const server = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1024x768x24', '-nolisten', 'tcp'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    const number = await untilLine(server, server.stdio[3] as NodeJS.ReadableStream, (line) => /^\d+$/.test(line.trim()), 'Xvfb to report its display');
    return new XDisplay(`:${number}`, server);
  }

  /** Opens a text window with this title; resolves once it has the keyboard focus. */
  async openTextWindow(title: string, outputFile: string): Promise<TextWindow> {
    const child = spawn('/usr/bin/python3', [TEXT_WINDOW, title, outputFile], { env: { ...process.env, DISPLAY: this.name }, stdio: ['ignore', 'pipe', 'pipe'] });
    await untilLine(child, child.stdout!, (line) => line.trim() === 'ready', `the window "${title}"`);
    return new TextWindow(child);
  }

  /**
   * Turns the screensaver on or off through the MIT-SCREEN-SAVER extension
   * (XForceScreenSaver): what a screen locker does, and what agents read as a locked session.
   * Xvfb turns it on only while some window is mapped.
   */
  setScreenSaver(active: boolean): void {
    const x11 = koffi.load('libX11.so.6');
    const open = x11.func('void *XOpenDisplay(const char *name)');
    const force = x11.func('int XForceScreenSaver(void *display, int mode)');
    const sync = x11.func('int XSync(void *display, int discard)');
    const close = x11.func('int XCloseDisplay(void *display)');
    const display: unknown = open(this.name);
    if (!display) throw new Error(`cannot open X display ${this.name}`);
    // X.h: ScreenSaverActive 1, ScreenSaverReset 0.
    force(display, active ? 1 : 0);
    sync(display, 0);
    close(display);
  }

  async close(): Promise<void> {
    await stop(this.server);
  }
}

export class TextWindow {
  readonly exited: Promise<unknown>;

  constructor(private readonly child: ChildProcess) {
    this.exited = once(child, 'exit');
  }

  get open(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async close(): Promise<void> {
    await stop(this.child);
  }
}
