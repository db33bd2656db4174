/**
 * Keyboard nodes end to end under a real X server: a coordinator, a `runtime-hub worker
 * --desktop` process on an Xvfb display, and a Tk window that shows what it is typed.
 *
 *   [type] keyboard.type "Grüße, 東京 ✓"  ──▶  [keys] keyboard.keys enter, ctrl+d
 *      (window: *typing target*)               (the window saves its text and closes)
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { E2eHub } from '../e2e/e2e.harness';
import { XDisplay, type TextWindow } from './x-display';

const RUN_TIMEOUT_MS = 30_000;
const TEST_TIMEOUT_MS = 90_000;
const TYPED = 'Grüße, 東京 ✓';

let display: XDisplay;
let hub: E2eHub;
let scratch: string;
const windows: TextWindow[] = [];

beforeAll(async () => {
  display = await XDisplay.start();
  scratch = await mkdtemp(path.join(tmpdir(), 'rh-keyboard-'));
  hub = await E2eHub.boot(0);
  await hub.addWorker('desk-typist', ['desk'], { DISPLAY: display.name, RH_WORKER_DESKTOP: 'true' });
  await hub.waitForWorkers(['desk-typist'], RUN_TIMEOUT_MS);
}, TEST_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all(windows.map((window) => window.close()));
  await hub?.close();
  await display?.close();
  await rm(scratch, { recursive: true, force: true });
});

async function openWindow(title: string): Promise<{ window: TextWindow; file: string }> {
  const file = path.join(scratch, `${randomBytes(4).toString('hex')}.txt`);
  const window = await display.openTextWindow(title, file);
  windows.push(window);
  return { window, file };
}

describe('keyboard nodes under X11', () => {
  it('types non-ASCII text into the focused window and presses a chord it reacts to', async () => {
    // ARRANGE
    const { window, file } = await openWindow('Runtime Hub typing target');
    const definition = {
      schemaVersion: 1,
      name: 'type-into-window',
      defaults: { target: { labels: ['desk'] } },
      nodes: [
        { id: 'type', type: 'keyboard.type', config: { text: TYPED, window: '*typing target*', delayMs: 5 } },
        { id: 'keys', type: 'keyboard.keys', config: { keys: ['enter', 'ctrl+d'], window: 'runtime hub typing target' } },
      ],
      edges: [{ from: 'type', to: 'keys' }],
    };

    // ACT
    const run = await hub.waitForRun((await hub.startRun(definition)).id, RUN_TIMEOUT_MS);

    // ASSERT
    expect(run.status).toBe('succeeded');
    expect(run.nodes.find((node) => node.nodeId === 'type')?.output).toEqual({ typed: Array.from(TYPED).length, window: 'Runtime Hub typing target' });
    expect(run.nodes.find((node) => node.nodeId === 'keys')?.output).toEqual({ pressed: 2, window: 'Runtime Hub typing target' });
    await window.exited; // ctrl+d closes the window once it has saved its text
    expect(await readFile(file, 'utf8')).toBe(`${TYPED}\n`);
  }, TEST_TIMEOUT_MS);

  it('fails a node whose window pattern does not match the focused window, naming both, and types nothing', async () => {
    // ARRANGE
    const { window, file } = await openWindow('Calculator');
    const definition = {
      schemaVersion: 1,
      name: 'type-into-wrong-window',
      // The default retry policy: WINDOW_MISMATCH is not retried unless the author asks for it.
      defaults: { target: { labels: ['desk'] } },
      nodes: [
        { id: 'type', type: 'keyboard.type', config: { text: 'secret', window: '* - Notepad' } },
        { id: 'save', type: 'keyboard.keys', config: { keys: ['ctrl+d'] } },
      ],
      edges: [{ from: 'type', to: 'save', port: 'error' }],
    };

    // ACT
    const run = await hub.waitForRun((await hub.startRun(definition)).id, RUN_TIMEOUT_MS);

    // ASSERT: not retried (attempt 1), the error names the pattern and the title
    const typed = run.nodes.find((node) => node.nodeId === 'type');
    expect(typed).toMatchObject({ status: 'failed', attempt: 1 });
    expect(typed?.error).toEqual({
      code: 'WINDOW_MISMATCH',
      message: 'expected a focused window matching "* - Notepad", but the focused window is "Calculator"; no key was sent',
      retryable: false,
      nodeId: 'type',
      details: { expected: '* - Notepad', actual: 'Calculator' },
    });
    // The error edge saved the window's text: nothing was typed into it.
    await window.exited;
    expect(await readFile(file, 'utf8')).toBe('');
  }, TEST_TIMEOUT_MS);
});
