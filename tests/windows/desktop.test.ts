/**
 * The Windows desktop for real (hosted windows-latest runner, whose jobs run in an interactive
 * session): the WTS session probe, and SendInput typing into Notepad, checked by saving the
 * file through Notepad's own Save dialog.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { currentPlatform } from '@runtime-hub/nodes/executors';
import { GENEROUS_TIMEOUT_MS, TaskHarness, failed, succeeded } from '../executors/task-harness';

const TYPED = 'Grüße, 東京 ✓';
const WINDOW_WAIT_MS = 3_000;
let harness: TaskHarness;
let dir: string;

beforeAll(async () => {
  harness = await TaskHarness.create();
  dir = await mkdtemp(path.join(tmpdir(), 'rh-notepad-'));
});

afterAll(async () => {
  await harness.dispose();
  await rm(dir, { recursive: true, force: true });
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Windows desktop', () => {
  it('reports an unlocked session for the runner desktop', async () => {
    expect(await currentPlatform().desktop.session()).toBe('unlocked');
  });

  it('types into Notepad, saves with ctrl+s, and refuses a window that does not match', async () => {
    const file = path.join(dir, 'typed.txt');
    const notepad = spawn('notepad.exe', [], { stdio: 'ignore' });
    try {
      await pause(WINDOW_WAIT_MS);
      const wrong = failed(await harness.run('keyboard.type', { text: 'x', window: 'Calculator*' }));
      expect(wrong.error).toMatchObject({ code: 'WINDOW_MISMATCH', retryable: false, details: { expected: 'Calculator*' } });

      expect(succeeded(await harness.run('keyboard.type', { text: TYPED, window: '*Notepad' })).output).toMatchObject({ typed: Array.from(TYPED).length });
      succeeded(await harness.run('keyboard.keys', { keys: ['ctrl+s'], window: '*Notepad' }));
      await pause(WINDOW_WAIT_MS);
      succeeded(await harness.run('keyboard.type', { text: `${file}\n`, window: 'Save As' }));
      await pause(WINDOW_WAIT_MS);

      expect((await readFile(file, 'utf8')).replace(/^\uFEFF/, '')).toBe(TYPED);
    } finally {
      notepad.kill();
    }
  }, GENEROUS_TIMEOUT_MS);
});
