/**
 * The daily loop on the command line, against a real coordinator (in this process, so the
 * test can see which requests the CLI makes) and a real worker process: workflows by name,
 * `runs show / cancel / retry`, the token file found from a subfolder, `run --wait` on the
 * live stream, logs of a run whose work happened in child runs, and a missing input.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RunRecord, RunSummary } from '@runtime-hub/protocol';
import { ADMIN_TOKEN, CLI, E2eHub, ROOT } from '../e2e/e2e.harness';

const BOOT_TIMEOUT_MS = 30_000;
const CLI_TIMEOUT_MS = 60_000;
/** Each test's own bound: a few CLI processes and runs of a few seconds. */
const TEST_TIMEOUT_MS = 3 * CLI_TIMEOUT_MS;
/** How long the node of the "long" run sleeps: a once-a-second poller would read the run at least three times meanwhile. */
const LONG_NODE_SECONDS = 2.5;

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string>, cwd = ROOT): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, timeout: CLI_TIMEOUT_MS }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const shellNode = (id: string, script: string) => ({ id, type: 'shell', config: { shell: 'sh', script } });
const workflow = (name: string, nodes: unknown[], extra: Record<string, unknown> = {}) => ({ schemaVersion: 1, name, nodes, edges: [], ...extra });

describe('runtime-hub runs, run and logs against a coordinator', () => {
  let hub: E2eHub;
  let dir: string;
  let env: Record<string, string>;
  /** `METHOD path` of every HTTP request the coordinator received, and every websocket upgrade. */
  const requests: string[] = [];

  beforeAll(async () => {
    hub = await E2eHub.boot(1);
    await hub.waitForWorkers(['e2e-worker-1'], BOOT_TIMEOUT_MS);
    const server = hub.coordinator.app.getHttpServer();
    server.prependListener('request', (request: IncomingMessage) => requests.push(`${request.method} ${request.url}`));
    server.prependListener('upgrade', (request: IncomingMessage) => requests.push(`UPGRADE ${request.url}`));
    dir = await mkdtemp(path.join(tmpdir(), 'rh-runs-cli-'));
    env = { RH_URL: hub.url, RH_TOKEN: ADMIN_TOKEN };
  }, BOOT_TIMEOUT_MS * 2);

  afterAll(async () => {
    await hub?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function push(definition: unknown): Promise<string> {
    const saved = await hub.api<{ id: string }>('POST', '/api/workflows/upsert-by-name', { definition });
    return saved.body.id;
  }

  it('runs a stored workflow by its name, and refuses a wrong name with the closest one', async () => {
    // ARRANGE
    await push(workflow('nightly-report', [shellNode('hello', 'echo hello')]));
    // ACT
    const byName = await cli(['run', '--workflow', 'nightly-report', '--wait'], env);
    const typo = await cli(['run', '--workflow', 'nightly-reprot'], env);
    // ASSERT
    expect(byName.code).toBe(0);
    expect(byName.stdout).toMatch(/run \S+ succeeded in \d/);
    expect(typo).toMatchObject({ code: 2, stdout: '' });
    expect(typo.stderr).toBe('runtime-hub run: no workflow has the name or id "nightly-reprot" (did you mean "nightly-report"?) (see runtime-hub workflows)\n');
  }, TEST_TIMEOUT_MS);

  it('`run --wait` follows the run on the live stream: no polling, the run read once after it ended', async () => {
    // ARRANGE: one node that sleeps LONG_NODE_SECONDS
    const file = path.join(dir, 'long.json');
    await writeFile(file, JSON.stringify(workflow('cli-long', [shellNode('nap', `sleep ${LONG_NODE_SECONDS}`)])));
    const before = requests.length;
    // ACT
    const result = await cli(['run', file, '--wait'], env);
    // ASSERT
    expect(result.code).toBe(0);
    const runId = /^run (\S+) started/.exec(result.stdout)?.[1] ?? '';
    const made = requests.slice(before);
    const readsOfTheRun = made.filter((request) => request === `GET /api/runs/${runId}`);
    // Once after subscribing (was it over already?), once when the stream said it ended.
    expect(readsOfTheRun.length).toBeLessThanOrEqual(2);
    expect(made.some((request) => request.startsWith('UPGRADE /socket.io/'))).toBe(true);
    expect(result.stdout).toContain('  nap: succeeded\n');
    expect(result.stdout).toMatch(new RegExp(`run ${runId} succeeded in \\d+(\\.\\d)?s\\n$`));
  }, TEST_TIMEOUT_MS);

  it('`runs show` lists the child runs of a foreach; `runs` shows top-level runs unless asked', async () => {
    // ARRANGE
    const run = await hub.startRun(JSON.parse(readFileSync(path.join(ROOT, 'examples', 'batch-over-inputs.json'), 'utf8')));
    await hub.waitForRun(run.id, CLI_TIMEOUT_MS);
    // ACT
    const shown = await cli(['runs', 'show', run.id], env);
    const topLevel = await cli(['runs', '--json', '--limit', '500'], env);
    const all = await cli(['runs', '--all', '--json', '--limit', '500'], env);
    const children = await cli(['runs', '--parent', run.id, '--json'], env);
    // ASSERT
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`run ${run.id}\n`);
    expect(shown.stdout).toContain('4 child runs:');
    for (const index of [0, 1, 2, 3]) expect(shown.stdout).toMatch(new RegExp(`^each\\[${index}\\] +[0-9a-f]{32}-1-${index} +succeeded`, 'm'));
    const ids = (result: CliResult) => (JSON.parse(result.stdout) as { items: RunSummary[] }).items;
    expect(ids(topLevel).every((item) => item.parentRunId === null)).toBe(true);
    expect(ids(topLevel).map((item) => item.id)).toContain(run.id);
    expect(ids(all).filter((item) => item.parentRunId === run.id)).toHaveLength(4);
    expect(ids(children).map((item) => item.parentNodeId)).toEqual(['each', 'each', 'each', 'each']);
  }, TEST_TIMEOUT_MS);

  it("`logs` of a parent prints its child runs' lines, each after the node and iteration that ran it", async () => {
    // ARRANGE
    const run = await hub.startRun(JSON.parse(readFileSync(path.join(ROOT, 'examples', 'batch-over-inputs.json'), 'utf8')));
    await hub.waitForRun(run.id, CLI_TIMEOUT_MS);
    // ACT: --follow on an ended run waits for its last lines, then stops
    const logs = await cli(['logs', run.id, '--follow'], env);
    const own = await cli(['logs', run.id, '--own'], env);
    // ASSERT
    expect(logs.code).toBe(0);
    const lines = logs.stdout.trim().split('\n').sort();
    expect(lines).toEqual([0, 1, 2, 3].map((index) => expect.stringMatching(new RegExp(`^\\[each\\[${index}\\] work#1\\] processing batch-${index}-\\w+ on `))));
    expect(own).toMatchObject({ code: 0, stdout: '' });
    expect(own.stderr).toBe(`run ${run.id} has no log lines\n`);
  }, TEST_TIMEOUT_MS);

  it('`logs --follow` prints child runs\' lines as they come and stops when the run has ended', async () => {
    // ARRANGE: two iterations that each print, pause and print again
    const definition = workflow('cli-follow', [
      {
        id: 'each',
        type: 'foreach',
        config: {
          items: ['a', 'b'],
          maxIterations: 10,
          workflow: workflow('cli-follow-one', [shellNode('say', 'echo "first {{ inputs.item }}"; sleep 1; echo "second {{ inputs.item }}"')], {
            inputs: { item: { type: 'string', required: true }, index: { type: 'number', required: true } },
          }),
        },
      },
    ]);
    const run = await hub.startRun(definition);
    // ACT
    const logs = await cli(['logs', run.id, '-f'], env);
    // ASSERT
    expect(logs.code).toBe(0);
    expect(logs.stdout.trim().split('\n').sort()).toEqual(['[each[0] say#1] first a', '[each[0] say#1] second a', '[each[1] say#1] first b', '[each[1] say#1] second b']);
    expect((await hub.run(run.id)).status).toBe('succeeded');
  }, TEST_TIMEOUT_MS);

  it('`runs cancel` stops a run with the reason given; cancelling it again says why not', async () => {
    // ARRANGE
    const run = await hub.startRun(workflow('cli-cancel', [shellNode('forever', 'sleep 60')]));
    // ACT
    const cancelled = await cli(['runs', 'cancel', run.id, '--reason', 'wrong input file'], env);
    const again = await cli(['runs', 'cancel', run.id], env);
    // ASSERT
    expect(cancelled).toMatchObject({ code: 0, stdout: `run ${run.id} cancelled: wrong input file\n` });
    expect((await hub.run(run.id)).error).toMatchObject({ code: 'CANCELLED', message: 'wrong input file' });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^runtime-hub runs: run "\S+" is cancelled: cancel is only possible when it has not finished\n$/);
  }, TEST_TIMEOUT_MS);

  it('`runs retry --wait` runs the failed node again and follows the run to success', async () => {
    // ARRANGE: fails the first time (no marker yet), succeeds the second
    const marker = path.join(dir, 'retried-once');
    const run = await hub.startRun(workflow('cli-retry', [shellNode('flaky', `if [ -f '${marker}' ]; then echo second time; else touch '${marker}'; exit 3; fi`)]));
    const failed = await hub.waitForRun(run.id, CLI_TIMEOUT_MS);
    // ACT
    const retried = await cli(['runs', 'retry', run.id, '--wait'], env);
    // ASSERT
    expect(failed.status).toBe('failed');
    expect(retried.code).toBe(0);
    expect(retried.stdout).toContain('  flaky: succeeded\n');
    expect(retried.stdout).toMatch(new RegExp(`run ${run.id} succeeded in `));
    const shown = JSON.parse((await cli(['runs', 'show', run.id, '--json'], env)).stdout) as RunRecord;
    expect(shown.nodes[0]).toMatchObject({ status: 'succeeded', attempt: 2 });
  }, TEST_TIMEOUT_MS);

  it('finds the admin token file from a subfolder, as git finds .git', async () => {
    // ARRANGE: <project>/.runtime-hub/admin-token, the CLI run in <project>/src/deep/er
    const project = path.join(dir, 'project');
    await mkdir(path.join(project, '.runtime-hub'), { recursive: true });
    await writeFile(path.join(project, '.runtime-hub', 'admin-token'), `${ADMIN_TOKEN}\n`);
    const nested = path.join(project, 'src', 'deep', 'er');
    await mkdir(nested, { recursive: true });
    const elsewhere = path.join(dir, 'elsewhere');
    await mkdir(elsewhere);
    // ACT
    const found = await cli(['runs', '--limit', '1'], { RH_URL: hub.url }, nested);
    const notFound = await cli(['runs', '--limit', '1'], { RH_URL: hub.url }, elsewhere);
    // ASSERT
    expect(found).toMatchObject({ code: 0, stderr: '' });
    expect(found.stdout).toMatch(/^RUN\s+WORKFLOW/);
    expect(notFound.code).toBe(1);
    expect(notFound.stderr).toContain('no API token: set RH_TOKEN');
  }, TEST_TIMEOUT_MS);

  it('names a missing run input once, with the flag that gives it', async () => {
    // ARRANGE
    const file = path.join(dir, 'needs-input.json');
    await writeFile(file, JSON.stringify(workflow('cli-needs-input', [shellNode('use', 'echo "$DIR"')], { inputs: { dir: { type: 'string', required: true } } })));
    // ACT
    const result = await cli(['run', file], env);
    // ASSERT
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('runtime-hub run: invalid run inputs:\n  input "dir": required string input is missing\ngive it with --input dir=VALUE\n');
  }, TEST_TIMEOUT_MS);
});
