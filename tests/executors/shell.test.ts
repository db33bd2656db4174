import { POSIX_MAX_ARGUMENT_BYTES, MAX_CAPTURED_STREAM_BYTES } from '@runtime-hub/nodes/executors';
import { ShellOutputSchema } from '@runtime-hub/nodes';
import { mkdtemp, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { TaskHarness, failed, printedPids, succeeded, survivors } from './task-harness';

/** How long a test waits for processes it ended to disappear. */
const GONE_WITHIN_MS = 5_000;

describe('shell executor (sh, bash on this host)', () => {
  let harness: TaskHarness;

  beforeEach(async () => {
    harness = await TaskHarness.create();
  });

  afterEach(async () => {
    await harness.dispose();
  });

  it('returns exit code, stdout and stderr of a script that succeeds', async () => {
    const outcome = succeeded(await harness.run('shell', { shell: 'sh', script: 'echo out; echo err >&2' }));

    expect(outcome.output).toEqual({ exitCode: 0, stdout: 'out\n', stderr: 'err\n' });
    expect(ShellOutputSchema.safeParse(outcome.output).success).toBe(true);
    expect(outcome.port).toBeUndefined();
  });

  it('fails with EXIT_CODE, the code and the last stderr lines on a non-zero exit', async () => {
    const outcome = failed(await harness.run('shell', { shell: 'sh', script: 'echo working; echo "disk full" >&2; exit 3' }));

    expect(outcome.error).toMatchObject({
      code: 'EXIT_CODE',
      retryable: false,
      details: { exitCode: 3, okExitCodes: [0], stderrTail: ['disk full'] },
    });
    expect(outcome.error.message).toBe('sh script exited with code 3; last stderr lines:\ndisk full');
  });

  it('accepts the exit codes listed in okExitCodes', async () => {
    const outcome = succeeded(await harness.run('shell', { shell: 'bash', script: 'exit 3', okExitCodes: [0, 3] }));

    expect(outcome.output).toMatchObject({ exitCode: 3 });
  });

  it('reports a script killed by a signal as 128 + the signal number', async () => {
    const outcome = failed(await harness.run('shell', { shell: 'sh', script: 'kill -9 $$' }));

    expect(outcome.error.message).toMatch(/was ended by SIGKILL \(exit code 137\)/);
    expect(outcome.error.details).toMatchObject({ exitCode: 137, signal: 'SIGKILL' });
  });

  it('streams lines to the log as they are printed, in order', async () => {
    const script = 'echo one; sleep 0.4; echo two >&2; sleep 0.4; echo three';

    succeeded(await harness.run('shell', { shell: 'sh', script }));

    const printed = harness.logs.filter((logged) => logged.stream !== 'system');
    expect(printed.map(({ stream, line }) => [stream, line])).toEqual([
      ['stdout', 'one'],
      ['stderr', 'two'],
      ['stdout', 'three'],
    ]);
    // "one" reached the log while the script was still sleeping, not when it ended.
    expect(printed[2]!.atMs - printed[0]!.atMs).toBeGreaterThanOrEqual(600);
  });

  it('keeps quotes, unicode and shell metacharacters of the script intact', async () => {
    const script = `printf '%s\\n' "it's \\"quoted\\" & piped | é ✓ 🚀 \\$HOME"`;

    const outcome = succeeded(await harness.run('shell', { shell: 'bash', script }));

    expect(outcome.output).toMatchObject({ stdout: 'it\'s "quoted" & piped | é ✓ 🚀 $HOME\n' });
  });

  it('runs bash syntax under bash', async () => {
    const outcome = succeeded(await harness.run('shell', { shell: 'bash', script: 'a=(x y z); [[ ${#a[@]} -eq 3 ]] && echo "${a[1]}"' }));

    expect(outcome.output).toMatchObject({ stdout: 'y\n' });
  });

  it('merges env over the agent environment and adds the task variables', async () => {
    const script = 'echo "$GREETING"; command -v sh >/dev/null && echo path-kept; echo "$RH_RUN_ID $RH_NODE_ID $RH_ATTEMPT $RH_IDEMPOTENCY_KEY"';

    const outcome = succeeded(
      await harness.run('shell', { shell: 'sh', script, env: { GREETING: 'hello there', RH_ATTEMPT: 'forged' } }, { attempt: 2 }),
    );

    expect(outcome.output).toMatchObject({ stdout: 'hello there\npath-kept\nrun-1 node 2 run-1:node\n' });
  });

  it('runs in the configured working directory', async () => {
    const directory = await realpath(await mkdtemp(join(harness.root, 'cwd-')));

    const outcome = succeeded(await harness.run('shell', { shell: 'sh', script: 'pwd -P', cwd: directory }));

    expect(outcome.output).toMatchObject({ stdout: `${directory}\n` });
  });

  it('fails with IO_ERROR when the working directory does not exist', async () => {
    const outcome = failed(await harness.run('shell', { shell: 'sh', script: 'true', cwd: join(harness.root, 'missing') }));

    expect(outcome.error).toMatchObject({ code: 'IO_ERROR', retryable: false });
    expect(outcome.error.message).toContain('missing');
  });

  it('runs a script too long for one argument from a file in the workspace, which is removed afterwards', async () => {
    const filler = `# ${'x'.repeat(POSIX_MAX_ARGUMENT_BYTES)}\n`;
    const script = `${filler}echo "$0"; ls "$RH_WORKSPACE"`;

    const outcome = succeeded(await harness.run('shell', { shell: 'sh', script }));

    const [scriptPath, listing] = String((outcome.output as { stdout: string }).stdout).split('\n');
    expect(scriptPath).toMatch(/script\.sh$/);
    expect(scriptPath!.startsWith(harness.workspaceRoot)).toBe(true);
    expect(listing).toBe('script.sh');
    expect(await harness.workspaceEntries()).toEqual([]);
  });

  it('keeps the end of a long output and marks the cut', async () => {
    const lineCount = Math.ceil((MAX_CAPTURED_STREAM_BYTES * 2) / 8);
    const script = `i=0; while [ $i -lt ${lineCount} ]; do printf '%07d\\n' $i; i=$((i+1)); done`;

    const outcome = succeeded(await harness.run('shell', { shell: 'sh', script }));

    const stdout = (outcome.output as { stdout: string }).stdout;
    expect(stdout).toMatch(/^\[first \d+ bytes not kept\]\n/);
    expect(stdout.endsWith(`${String(lineCount - 1).padStart(7, '0')}\n`)).toBe(true);
    expect(harness.lines('stdout')).toHaveLength(lineCount);
  });

  it('does not wait for a background child that keeps stdout open', async () => {
    const started = Date.now();

    const outcome = succeeded(await harness.run('shell', { shell: 'sh', script: 'sleep 30 & echo $!' }));

    expect(Date.now() - started).toBeLessThan(10_000);
    const [pid] = printedPids(harness.lines('stdout'));
    expect(pid).toBeDefined();
    expect(outcome.output).toMatchObject({ exitCode: 0 });
    process.kill(pid!, 'SIGKILL');
    expect(await survivors([pid!], GONE_WITHIN_MS)).toEqual([]);
  });

  it('fails with NODE_FAILED naming the shell when the host does not have it', async () => {
    const outcome = failed(await harness.run('shell', { shell: 'powershell', script: 'Get-Date' }));

    expect(outcome.error).toMatchObject({ code: 'NODE_FAILED', retryable: false });
    expect(outcome.error.message).toMatch(/^cannot start powershell\.exe: .*not found/);
  });
});
