/**
 * Windows paths for real (hosted windows-latest runner): shells, quoting, tree kill.
 */
import { currentPlatform } from '@runtime-hub/nodes/executors';
import { GENEROUS_TIMEOUT_MS, TaskHarness, failed, succeeded } from '../executors/task-harness';

let harness: TaskHarness;

beforeAll(async () => {
  harness = await TaskHarness.create();
});

afterAll(async () => {
  await harness.dispose();
});

describe('Windows shells', () => {
  it('runs PowerShell through -EncodedCommand: quotes, $ and non-ASCII arrive intact, exit codes come back', async () => {
    const script = `$text = 'it''s "quoted" $notAVariable; Grüße 東京'\nWrite-Output $text\nexit 3`;
    const outcome = await harness.run('shell', { shell: 'powershell', script, okExitCodes: [3] });

    expect(succeeded(outcome).output).toMatchObject({ exitCode: 3, stdout: expect.stringContaining(`it's "quoted" $notAVariable; Grüße 東京`) });
  }, GENEROUS_TIMEOUT_MS);

  it('runs cmd scripts with the characters cmd treats specially', async () => {
    const outcome = await harness.run('shell', { shell: 'cmd', script: 'echo a ^& b ^| c %%PATH%%\r\nexit /b 0' });

    expect(succeeded(outcome).output).toMatchObject({ exitCode: 0, stdout: expect.stringContaining('a & b | c %PATH%') });
  }, GENEROUS_TIMEOUT_MS);

  it('fails a script with a non-zero exit code', async () => {
    const outcome = await harness.run('shell', { shell: 'cmd', script: 'exit /b 7' });

    expect(failed(outcome).error).toMatchObject({ code: 'EXIT_CODE', details: { exitCode: 7 } });
  }, GENEROUS_TIMEOUT_MS);
});

describe('taskkill', () => {
  it('ends a whole process tree', async () => {
    // A PowerShell that starts a child ping and waits on it: two processes in one tree.
    const started = succeeded(
      await harness.run('process.start', { command: 'powershell', args: ['-NoProfile', '-Command', 'Start-Process -NoNewWindow -Wait ping -ArgumentList "-n","120","127.0.0.1"'], wait: false }),
    ).output as { pid: number };
    const platform = currentPlatform();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const children = (await platform.listProcesses()).filter((entry) => entry.name.toLowerCase() === 'ping.exe');
    expect(children.length).toBeGreaterThan(0);

    const killed = succeeded(await harness.run('process.kill', { pid: started.pid, tree: true })).output as { killed: number };

    expect(killed.killed).toBeGreaterThanOrEqual(2);
    expect(await platform.isAlive(started.pid)).toBe(false);
  }, GENEROUS_TIMEOUT_MS);
});
