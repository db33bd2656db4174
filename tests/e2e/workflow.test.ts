/**
 * One workflow that goes through most of what a run does, on a coordinator and two worker
 * processes: a file written and read back by a shell on one chosen host, a call to a local
 * HTTP service, a branch on its status, a foreach over three items (child runs), and a node
 * that fails on purpose with its failure handled. Then the CLI as users run it:
 * `runtime-hub run FILE --wait --json`, `runs`, `logs`, `agents`.
 *
 *   write ──> read ──> call ──> ok ──[true]──> each ──> boom ──[error]──> recovered
 *                                └───[false]─> notTaken
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { RunRecord } from '@runtime-hub/protocol';
import { ADMIN_TOKEN, CLI, E2eHub, ROOT, node } from './e2e.harness';

/** Bounds of the waits in this file. */
const BOOT_TIMEOUT_MS = 30_000;
const RUN_TIMEOUT_MS = 45_000;
const CLI_TIMEOUT_MS = 45_000;
/** Each test's own bound: jest's default of 5 s is meant for unit specs. */
const TEST_TIMEOUT_MS = RUN_TIMEOUT_MS + CLI_TIMEOUT_MS;

const TOUR = {
  schemaVersion: 1,
  name: 'e2e-tour',
  inputs: {
    dir: { type: 'string', required: true },
    url: { type: 'string', required: true },
    items: { type: 'array', default: ['a', 'b', 'c'] },
  },
  defaults: { timeoutMs: 20_000, retry: { maxAttempts: 1 } },
  nodes: [
    {
      id: 'write',
      type: 'file.write',
      config: { path: "{{ inputs.dir & '/greeting.txt' }}", content: 'hello from runtime hub' },
      target: { agent: 'e2e-worker-1' },
    },
    {
      id: 'read',
      type: 'shell',
      config: { shell: 'sh', env: { RH_FILE: '{{ nodes.write.output.path }}' }, script: 'cat "$RH_FILE"' },
      target: { agent: 'e2e-worker-1' },
    },
    {
      id: 'call',
      type: 'http.request',
      config: { method: 'POST', url: '{{ inputs.url }}', body: { greeting: '{{ nodes.read.output.stdout }}' } },
    },
    { id: 'ok', type: 'condition', config: { expression: 'nodes.call.output.status = 200' } },
    { id: 'notTaken', type: 'set', config: { values: { reached: true } } },
    {
      id: 'each',
      type: 'foreach',
      config: {
        items: '{{ inputs.items }}',
        concurrency: 2,
        maxIterations: 10,
        workflow: {
          schemaVersion: 1,
          name: 'e2e-tour-item',
          inputs: { item: { type: 'string', required: true }, index: { type: 'number', required: true } },
          nodes: [{ id: 'shout', type: 'set', config: { values: { upper: '{{ $uppercase(inputs.item) }}', index: '{{ inputs.index }}' } } }],
          edges: [],
        },
      },
    },
    { id: 'boom', type: 'fail', config: { message: "{{ 'failed on purpose after ' & $string(nodes.each.output.count) & ' items' }}" } },
    { id: 'recovered', type: 'set', config: { values: { handled: true, boom: '{{ nodes.boom.status }}' } } },
  ],
  edges: [
    { from: 'write', to: 'read' },
    { from: 'read', to: 'call' },
    { from: 'call', to: 'ok' },
    { from: 'ok', port: 'true', to: 'each' },
    { from: 'ok', port: 'false', to: 'notTaken' },
    { from: 'each', to: 'boom' },
    { from: 'boom', port: 'error', to: 'recovered' },
  ],
};

/** A small workflow for the CLI: one shell step and one set. */
const CLI_WORKFLOW = {
  schemaVersion: 1,
  name: 'e2e-cli',
  inputs: { count: { type: 'number', default: 1 } },
  nodes: [
    { id: 'hello', type: 'shell', config: { shell: 'sh', script: 'echo "hello $RH_COUNT"', env: { RH_COUNT: '{{ $string(inputs.count) }}' } } },
    { id: 'twice', type: 'set', config: { values: { doubled: '{{ inputs.count * 2 }}' } } },
  ],
  edges: [{ from: 'hello', to: 'twice' }],
};

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env }, timeout: CLI_TIMEOUT_MS }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('end to end: a workflow across two worker processes', () => {
  let hub: E2eHub | undefined;
  let agentIds: Map<string, string>;
  let http: Server;
  let httpUrl: string;
  const received: Array<{ method: string; url: string; body: unknown; idempotencyKey: string | undefined }> = [];
  let workDir: string;

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'rh-e2e-tour-'));
    http = createServer((request, response) => {
      let text = '';
      request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      request.on('end', () => {
        const header = request.headers['idempotency-key'];
        received.push({ method: request.method ?? '', url: request.url ?? '', body: text ? JSON.parse(text) : undefined, idempotencyKey: typeof header === 'string' ? header : undefined });
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ ok: true }));
      });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    httpUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}/hook`;
    hub = await E2eHub.boot(2);
    agentIds = await hub.waitForWorkers(['e2e-worker-1', 'e2e-worker-2'], BOOT_TIMEOUT_MS);
  }, BOOT_TIMEOUT_MS + 30_000);

  afterAll(async () => {
    await hub?.close();
    await new Promise((resolve) => http?.close(resolve));
    await rm(workDir, { recursive: true, force: true });
  });

  it('records every node with its status, output, attempts and agent', async () => {
    // ARRANGE
    const hubNow = hub as E2eHub;
    const worker1 = agentIds.get('e2e-worker-1');
    const workers = [...agentIds.values()];

    // ACT
    const started = await hubNow.startRun(TOUR, { dir: workDir, url: httpUrl });
    const run = await hubNow.waitForRun(started.id, RUN_TIMEOUT_MS);

    // ASSERT: the run, with the failure of `boom` handled by its error edge
    expect(run.status).toBe('succeeded');
    expect(run.error).toBeNull();

    const write = node(run, 'write');
    expect(write).toMatchObject({ status: 'succeeded', attempt: 1, agentId: worker1 });
    expect(write.output).toEqual({ path: path.join(workDir, 'greeting.txt'), size: 'hello from runtime hub'.length });
    expect(await readFile(path.join(workDir, 'greeting.txt'), 'utf8')).toBe('hello from runtime hub');

    const read = node(run, 'read');
    expect(read).toMatchObject({ status: 'succeeded', attempt: 1, agentId: worker1 });
    expect(read.output).toMatchObject({ exitCode: 0, stdout: 'hello from runtime hub', stderr: '' });

    const call = node(run, 'call');
    expect(call).toMatchObject({ status: 'succeeded', attempt: 1 });
    expect(workers).toContain(call.agentId);
    expect(call.output).toMatchObject({ status: 200, body: { ok: true } });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ method: 'POST', url: '/hook', body: { greeting: 'hello from runtime hub' } });

    const ok = node(run, 'ok');
    // condition, set and fail nodes without a target are decided by the coordinator: no agent, no task
    expect(ok).toMatchObject({ status: 'succeeded', attempt: 1, port: 'true', output: { value: true }, agentId: null, tasks: [] });

    expect(node(run, 'notTaken')).toMatchObject({ status: 'skipped', output: null, agentId: null });

    const each = node(run, 'each');
    expect(each).toMatchObject({ status: 'succeeded', agentId: null });
    expect(each.output).toEqual({
      count: 3,
      results: [{ shout: { upper: 'A', index: 0 } }, { shout: { upper: 'B', index: 1 } }, { shout: { upper: 'C', index: 2 } }],
    });

    const boom = node(run, 'boom');
    expect(boom).toMatchObject({ status: 'failed', attempt: 1, output: null, agentId: null, tasks: [] });
    expect(boom.error).toMatchObject({ code: 'NODE_FAILED', message: 'failed on purpose after 3 items', retryable: false });

    const recovered = node(run, 'recovered');
    expect(recovered).toMatchObject({ status: 'succeeded', attempt: 1, output: { handled: true, boom: 'failed' } });

    // Child runs of the foreach are runs of their own, linked to the parent node.
    const children = await hubNow.api<{ items: Array<{ parentRunId: string | null; parentNodeId: string | null; status: string }> }>('GET', '/api/runs?limit=50');
    const ofEach = children.body.items.filter((item) => item.parentRunId === run.id && item.parentNodeId === 'each');
    expect(ofEach).toHaveLength(3);
    expect(ofEach.every((item) => item.status === 'succeeded')).toBe(true);
  }, TEST_TIMEOUT_MS);

  it('`runtime-hub run FILE --wait --json` prints the succeeded run; runs, logs and agents show it', async () => {
    // ARRANGE
    const hubNow = hub as E2eHub;
    const file = path.join(workDir, 'cli-workflow.json');
    await writeFile(file, JSON.stringify(CLI_WORKFLOW));
    const env = { RH_URL: hubNow.url, RH_TOKEN: ADMIN_TOKEN };

    // ACT
    const result = await runCli(['run', file, '--input', 'count=21', '--wait', '--json'], env);

    // ASSERT
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const run = JSON.parse(result.stdout) as RunRecord;
    expect(run).toMatchObject({ status: 'succeeded', workflowName: 'e2e-cli', trigger: 'cli', inputs: { count: 21 } });
    expect(node(run, 'hello').output).toMatchObject({ stdout: 'hello 21\n' });
    expect(node(run, 'twice').output).toEqual({ doubled: 42 });

    const runs = await runCli(['runs', '--workflow', run.workflowId, '--json'], env);
    expect(runs.code).toBe(0);
    expect((JSON.parse(runs.stdout) as { items: Array<{ id: string }> }).items.map((item) => item.id)).toContain(run.id);

    const logs = await runCli(['logs', run.id, '--follow'], env);
    expect(logs.code).toBe(0);
    expect(logs.stdout).toContain('[hello#1] hello 21');

    const agents = await runCli(['agents'], env);
    expect(agents.code).toBe(0);
    expect(agents.stdout).toMatch(/^e2e-worker-1\s+\S+\s+online/m);
    expect(agents.stdout).toMatch(/^e2e-worker-2\s+\S+\s+online/m);
  }, TEST_TIMEOUT_MS);

  it('`runtime-hub run` refuses an invalid file with exit 2 before sending it, and a failed run exits 1', async () => {
    // ARRANGE
    const hubNow = hub as E2eHub;
    const env = { RH_URL: hubNow.url, RH_TOKEN: ADMIN_TOKEN };
    const failing = path.join(workDir, 'failing.json');
    await writeFile(
      failing,
      JSON.stringify({ schemaVersion: 1, name: 'e2e-cli-fails', nodes: [{ id: 'no', type: 'fail', config: { message: 'nope' } }], edges: [] }),
    );

    // ACT
    const invalid = await runCli(['run', path.join(ROOT, 'tests/fixtures/invalid/bad-shell.json'), '--wait'], env);
    const failed = await runCli(['run', failing, '--wait'], env);
    const refused = await runCli(['runs'], { RH_URL: hubNow.url, RH_TOKEN: 'not-a-token' });

    // ASSERT
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain('node "clean": config.shell: expected one of powershell|pwsh|cmd|sh|bash');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/run \S+ failed in .*: nope/);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/RH_TOKEN/);
  }, TEST_TIMEOUT_MS);
});
