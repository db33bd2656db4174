/**
 * `runtime-hub schedules`, `batches` and `hooks` against a real coordinator and worker
 * process, with the workflows of examples/ pushed as a user would.
 */
import { execFile } from 'node:child_process';
import type { RunSummary } from '@runtime-hub/protocol';
import { ADMIN_TOKEN, CLI, E2eHub, ROOT } from '../e2e/e2e.harness';

const BOOT_TIMEOUT_MS = 30_000;
const CLI_TIMEOUT_MS = 90_000;
const TEST_TIMEOUT_MS = 3 * CLI_TIMEOUT_MS;

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

describe('runtime-hub schedules, batches and hooks', () => {
  let hub: E2eHub;
  let env: Record<string, string>;

  function cli(...args: string[]): Promise<CliResult> {
    return new Promise((resolve) => {
      execFile(process.execPath, [CLI, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, timeout: CLI_TIMEOUT_MS }, (error, stdout, stderr) => {
        resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
    });
  }

  beforeAll(async () => {
    hub = await E2eHub.boot(1);
    await hub.waitForWorkers(['e2e-worker-1'], BOOT_TIMEOUT_MS);
    env = { RH_URL: hub.url, RH_TOKEN: ADMIN_TOKEN };
    for (const file of ['process-order', 'nightly-report', 'deploy-on-push']) {
      expect(await cli('workflows', 'push', `examples/${file}.json`)).toMatchObject({ code: 0 });
    }
  }, BOOT_TIMEOUT_MS * 3);

  afterAll(async () => {
    await hub?.close();
  });

  it('batches start --wait runs examples/orders.csv, reports the failed order, and show lists it', async () => {
    const started = await cli('batches', 'start', '--workflow', 'process-order', '--items', 'examples/orders.csv', '--concurrency', '2', '--name', 'orders', '--wait');
    expect(started.stderr).toBe('');
    expect(started.code).toBe(1);
    const lines = started.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^batch "orders" \([0-9a-f-]+\): 4 items, 2 at a time$/);
    expect(lines).toContain('  3 done, 1 failed, 0 running, 0 waiting of 4');
    expect(lines.at(-1)).toMatch(/^batch finished; the failed items: runtime-hub batches items [0-9a-f-]+ --status failed$/);

    const failed = await cli('batches', 'items', 'orders', '--status', 'failed');
    expect(failed.stderr).toBe('');
    expect(failed.code).toBe(0);
    expect(failed.stdout).toContain('order A-1003 has no items (quantity 0)');
    expect(failed.stdout).toContain('"order":"A-1003"');
    const list = await cli('batches');
    expect(list.stdout).toMatch(/orders\s+process-order\s+finished\s+3 done, 1 failed, 0 running, 0 waiting of 4/);

    const bad = await cli('batches', 'start', '--workflow', 'process-order', '--items', 'examples/nightly-report.json');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--items examples/nightly-report.json: expected a JSON array of input objects');
  }, TEST_TIMEOUT_MS);

  it('schedules create, list, run, pause, history and delete', async () => {
    const created = await cli('schedules', 'create', 'nightly', '--workflow', 'nightly-report', '--cron', '0 2 * * *', '--tz', 'Europe/Berlin', '--input', 'path=/tmp', '--overlap', 'skip');
    expect(created.stderr).toBe('');
    expect(created.stdout).toContain('schedule "nightly"');
    expect(created.stdout).toContain('timing     cron "0 2 * * *" Europe/Berlin; misfire skip, overlap skip, priority 50');
    expect(created.stdout).toMatch(/next fires (\d{4}-\d\d-\d\d 0[01]:00:00, ){4}\d{4}-\d\d-\d\d 0[01]:00:00 \(UTC\)/);

    const ran = await cli('schedules', 'run', 'nightly');
    expect(ran.code).toBe(0);
    const runId = /^run (\S+) started/.exec(ran.stdout)?.[1];
    expect(runId).toBeDefined();
    const run = await hub.waitForRun(runId!, 60_000);
    expect(run).toMatchObject({ status: 'succeeded', trigger: 'schedule', inputs: { path: '/tmp' } });

    expect((await cli('schedules', 'pause', 'nightly')).stdout).toBe('schedule "nightly" paused\n');
    const list = await cli('schedules');
    expect(list.stdout).toMatch(/nightly\s+cron "0 2 \* \* \*" Europe\/Berlin\s+nightly-report\s+paused\s+-\s+\S+ \S+ run succeeded/);
    const history = await cli('schedules', 'history', 'nightly');
    expect(history.stdout).toContain(`(run now)  started  ${runId}  succeeded`);
    expect((await cli('schedules', 'resume', 'nightly')).stdout).toMatch(/^schedule "nightly" resumed; next fire /);

    const wrong = await cli('schedules', 'create', 'broken', '--workflow', 'nightly-report', '--cron', '61 * * * *');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('body.cron: "61 * * * *" Constraint error, got value 61 expected range 0-59');
    const typo = await cli('schedules', 'show', 'nighty');
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('no schedule has the name or id "nighty" (did you mean "nightly"?)');

    expect((await cli('schedules', 'delete', 'nightly')).stdout).toBe('schedule "nightly" deleted; its runs stay\n');
  }, TEST_TIMEOUT_MS);

  it('hooks create prints the secret once; a call with it starts the workflow with the mapped input', async () => {
    const created = await cli('hooks', 'create', 'on-push', '--workflow', 'deploy-on-push', '--auth', 'token', '--map', 'ref=body.ref', '--map', 'repo=body.repository.name');
    expect(created.code).toBe(0);
    const secret = /secret {5}(rhh_\S+)/.exec(created.stdout)?.[1];
    const url = /url {8}POST (\S+)/.exec(created.stdout)?.[1];
    expect(secret).toBeDefined();
    expect(created.stdout).toContain('inputs     ref <- body.ref, repo <- body.repository.name');

    const response = await fetch(`${url}?waitMs=30000`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ref: 'refs/heads/main', repository: { name: 'runtime-hub' } }),
    });
    expect(response.status).toBe(200);
    const run = (await response.json()) as RunSummary;
    expect(run).toMatchObject({ status: 'succeeded', trigger: 'hook', inputs: { ref: 'refs/heads/main', repo: 'runtime-hub' } });
    const shown = await cli('hooks', 'show', 'on-push');
    expect(shown.stdout).not.toContain(secret);
    expect(shown.stdout).toMatch(/last call {2}\d{4}-/);
  }, TEST_TIMEOUT_MS);
});
