import { chmod, copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createPlatform, currentOs } from '@runtime-hub/nodes/executors';
import { ProcessKillOutputSchema, ProcessListOutputSchema, ProcessStartOutputSchema } from '@runtime-hub/nodes';
import { TaskHarness, failed, isRunning, printedPids, succeeded, survivors } from './task-harness';

/** How long a test waits for processes that were ended to disappear. */
const GONE_WITHIN_MS = 5_000;
/** Task timeout of the tests that time out on purpose. */
const SHORT_TIMEOUT_MS = 1_000;
/** A SIGTERM grace period short enough for a test that waits it out. */
const TEST_KILL_GRACE_MS = 500;

/** A script leaving two grandchildren, printing their pids and its own, then waiting on them. */
const TWO_SLEEPERS = 'echo $$; sleep 30 & echo $!; sleep 30 & echo $!; wait';

describe('process trees: timeout, cancel, kill', () => {
  let harness: TaskHarness;

  beforeEach(async () => {
    harness = await TaskHarness.create(createPlatform(currentOs(), { killGraceMs: TEST_KILL_GRACE_MS }));
  });

  afterEach(async () => {
    await harness.dispose();
  });

  it('kills the whole process tree when the task times out', async () => {
    const started = Date.now();

    const outcome = failed(await harness.run('shell', { shell: 'sh', script: TWO_SLEEPERS }, { timeoutMs: SHORT_TIMEOUT_MS }));

    expect(outcome.error).toEqual({
      code: 'TIMEOUT',
      message: `the node timed out after ${SHORT_TIMEOUT_MS} ms`,
      retryable: true,
      details: { timeoutMs: SHORT_TIMEOUT_MS },
    });
    expect(Date.now() - started).toBeLessThan(SHORT_TIMEOUT_MS + GONE_WITHIN_MS);
    const pids = printedPids(harness.lines('stdout'));
    expect(pids).toHaveLength(3);
    expect(await survivors(pids, GONE_WITHIN_MS)).toEqual([]);
    expect(harness.lines('system')).toContain(`the node timed out after ${SHORT_TIMEOUT_MS} ms; stopping it`);
    expect(await harness.workspaceEntries()).toEqual([]);
  });

  it('kills the whole process tree when the task is cancelled', async () => {
    const cancel = new AbortController();
    let printed = 0;

    const outcome = failed(
      await harness.run(
        'shell',
        { shell: 'bash', script: TWO_SLEEPERS },
        {
          signal: cancel.signal,
          onLog: ({ stream }) => {
            printed += stream === 'stdout' ? 1 : 0;
            if (printed === 3) cancel.abort(new Error('run cancelled by an operator'));
          },
        },
      ),
    );

    expect(outcome.error).toMatchObject({ code: 'CANCELLED', retryable: false, message: 'the node was cancelled: run cancelled by an operator' });
    expect(await survivors(printedPids(harness.lines('stdout')), GONE_WITHIN_MS)).toEqual([]);
  });

  it('escalates to SIGKILL for a tree that ignores SIGTERM', async () => {
    const script = "trap '' TERM; echo $$; sleep 30 & echo $!; wait";

    failed(await harness.run('shell', { shell: 'sh', script }, { timeoutMs: SHORT_TIMEOUT_MS }));

    expect(await survivors(printedPids(harness.lines('stdout')), GONE_WITHIN_MS)).toEqual([]);
  });

  it('also kills a descendant that left the process group', async () => {
    const script = 'setsid sleep 30 & echo $!; wait';

    failed(await harness.run('shell', { shell: 'sh', script }, { timeoutMs: SHORT_TIMEOUT_MS }));

    const pids = printedPids(harness.lines('stdout'));
    expect(pids).toHaveLength(1);
    expect(await survivors(pids, GONE_WITHIN_MS)).toEqual([]);
  });

  it('stops a delay at once on timeout', async () => {
    const started = Date.now();

    const outcome = failed(await harness.run('delay', { ms: 60_000 }, { timeoutMs: 100 }));

    expect(outcome.error.code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(GONE_WITHIN_MS);
  });

  describe('process.start', () => {
    it('waits for the program and returns its exit code and output, even a non-zero one', async () => {
      const outcome = succeeded(
        await harness.run('process.start', { command: 'sh', args: ['-c', 'echo "$1"; echo err >&2; exit 4', 'sh', 'a b "c"'] }),
      );

      expect(outcome.output).toEqual({ pid: expect.any(Number), exitCode: 4, stdout: 'a b "c"\n', stderr: 'err\n' });
      expect(ProcessStartOutputSchema.safeParse(outcome.output).success).toBe(true);
    });

    it('kills the tree after its own timeoutMs', async () => {
      const outcome = failed(await harness.run('process.start', { command: 'sh', args: ['-c', TWO_SLEEPERS], timeoutMs: 300 }));

      expect(outcome.error).toMatchObject({ code: 'TIMEOUT', message: 'the process timed out after 300 ms', retryable: true });
      expect(await survivors(printedPids(harness.lines('stdout')), GONE_WITHIN_MS)).toEqual([]);
    });

    it('fails with NODE_FAILED when the program cannot start', async () => {
      const outcome = failed(await harness.run('process.start', { command: 'rh-no-such-program' }));

      expect(outcome.error).toMatchObject({ code: 'NODE_FAILED', retryable: false });
      expect(outcome.error.message).toMatch(/^cannot start rh-no-such-program: .*ENOENT.*not found/);
    });

    it('leaves a program running without wait, which process.kill then ends', async () => {
      const started = succeeded(await harness.run('process.start', { command: 'sleep', args: ['30'], wait: false }));
      const { pid } = started.output as { pid: number };

      expect(started.output).toEqual({ pid: expect.any(Number) });
      expect(await isRunning(pid)).toBe(true);

      const killed = succeeded(await harness.run('process.kill', { pid }));

      expect(killed.output).toEqual({ killed: 1 });
      expect(ProcessKillOutputSchema.safeParse(killed.output).success).toBe(true);
      expect(await survivors([pid], GONE_WITHIN_MS)).toEqual([]);
    });
  });

  describe('process.kill and process.list', () => {
    it('reports nothing killed for a process that is already gone', async () => {
      const started = succeeded(await harness.run('process.start', { command: 'true' }));

      const killed = succeeded(await harness.run('process.kill', { pid: (started.output as { pid: number }).pid }));

      expect(killed.output).toEqual({ killed: 0 });
    });

    it('refuses to end the agent itself', async () => {
      const outcome = failed(await harness.run('process.kill', { pid: process.pid }));

      expect(outcome.error).toMatchObject({ code: 'NODE_FAILED', retryable: false });
      expect(outcome.error.message).toMatch(/refusing to end process \d+: it is the agent/);
    });

    it('refuses an image name with wildcards as invalid config', async () => {
      const outcome = failed(await harness.run('process.kill', { image: '*' }));

      expect(outcome.error).toMatchObject({ code: 'CONFIG_INVALID', details: { path: 'config.image' } });
    });

    it('lists processes by name and ends every process of an image name', async () => {
      // A copy of sleep under a name no other process has (at most 15 characters, as Linux keeps).
      const image = `rhs${process.pid % 100_000}${Date.now() % 1000}`;
      const program = join(harness.root, image);
      await copyFile('/bin/sleep', program);
      await chmod(program, 0o755);
      const pids: number[] = [];
      for (let index = 0; index < 2; index += 1) {
        const started = succeeded(await harness.run('process.start', { command: program, args: ['30'], wait: false }));
        pids.push((started.output as { pid: number }).pid);
      }

      const listed = succeeded(await harness.run('process.list', { filter: image.toUpperCase() }));

      expect(ProcessListOutputSchema.safeParse(listed.output).success).toBe(true);
      expect(listed.output).toMatchObject({ count: 2 });
      expect((listed.output as { processes: Array<{ pid: number; name: string }> }).processes.map(({ pid, name }) => ({ pid, name }))).toEqual(
        [...pids].sort((a, b) => a - b).map((pid) => ({ pid, name: image })),
      );

      const killed = succeeded(await harness.run('process.kill', { image }));

      expect(killed.output).toEqual({ killed: 2 });
      expect(await survivors(pids, GONE_WITHIN_MS)).toEqual([]);
      const after = succeeded(await harness.run('process.list', { filter: image }));
      expect(after.output).toEqual({ count: 0, processes: [] });
    });
  });
});
