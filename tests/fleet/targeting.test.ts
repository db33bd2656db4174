/**
 * Targeting across a fleet, end to end: one coordinator and three worker processes labelled
 * `a`, `a,b` and `b`.
 *
 * - `{labels:[a], each:true}` fans out to exactly the two hosts labelled `a`: one task row per
 *   host, the output keyed by agent name.
 * - `{labels:[a,b]}` runs on the one host that has both.
 * - A workflow targeting `zzz`, which no agent has, is refused (REST 400 and CLI exit 2)
 *   naming the node and the label, and nothing is stored.
 * - Killing (SIGKILL) the agent that runs a node still finishes the run on another host.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { NodeRunRecord, RunRecord, RunSummaryPage } from '@runtime-hub/protocol';
import { ADMIN_TOKEN, CLI, E2eHub, eventually, ROOT } from '../e2e/e2e.harness';

const BOOT_TIMEOUT_MS = 60_000;
const RUN_TIMEOUT_MS = 40_000;
/** Each test's own bound: jest's default of 5 s is meant for unit specs. */
const TEST_TIMEOUT_MS = 2 * RUN_TIMEOUT_MS;
/** How long the CLI may take to be refused. */
const CLI_TIMEOUT_MS = 30_000;

const HOSTS = { 'host-a': ['a'], 'host-ab': ['a', 'b'], 'host-b': ['b'] } as const;

function node(run: RunRecord, id: string): NodeRunRecord {
  const found = run.nodes.find((candidate) => candidate.nodeId === id);
  if (!found) throw new Error(`run ${run.id} has no node ${id}`);
  return found;
}

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), CLI_TIMEOUT_MS);
    child.once('error', reject);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('fleet targeting: labels, fan-out, refused targets and a lost host', () => {
  let hub: E2eHub | undefined;
  let ids: Map<string, string>;
  let workDir: string;

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'rh-fleet-targeting-'));
    hub = await E2eHub.boot(0);
    for (const [name, labels] of Object.entries(HOSTS)) await hub.addWorker(name, labels);
    ids = await hub.waitForWorkers(Object.keys(HOSTS), BOOT_TIMEOUT_MS);
  }, BOOT_TIMEOUT_MS + 30_000);

  afterAll(async () => {
    await hub?.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it('fans a node out to exactly the hosts labelled a, one task per host, output keyed by agent name', async () => {
    // ARRANGE
    //   everywhere (labels [a], each) ──> after
    const hubNow = hub as E2eHub;
    const definition = {
      schemaVersion: 1,
      name: 'fleet-fan-out-a',
      nodes: [
        { id: 'everywhere', type: 'shell', config: { shell: 'sh', script: 'echo hello' }, target: { labels: ['a'], each: true } },
        { id: 'after', type: 'set', config: { values: { hosts: '{{ $keys(nodes.everywhere.output) }}' } } },
      ],
      edges: [{ from: 'everywhere', to: 'after' }],
    };

    // ACT
    const run = await hubNow.waitForRun((await hubNow.startRun(definition)).id, RUN_TIMEOUT_MS);

    // ASSERT
    expect(run.status).toBe('succeeded');
    const everywhere = node(run, 'everywhere');
    expect(Object.keys(everywhere.output as Record<string, unknown>).sort()).toEqual(['host-a', 'host-ab']);
    expect(everywhere.tasks.map((task) => [task.agentId, task.status]).sort()).toEqual(
      [
        [ids.get('host-a'), 'succeeded'],
        [ids.get('host-ab'), 'succeeded'],
      ].sort(),
    );
    expect(node(run, 'after').output).toEqual({ hosts: expect.arrayContaining(['host-a', 'host-ab']) });
  }, TEST_TIMEOUT_MS);

  it('runs a node targeting labels [a, b] on the one host that has both', async () => {
    // ARRANGE
    const hubNow = hub as E2eHub;
    const definition = {
      schemaVersion: 1,
      name: 'fleet-both-labels',
      nodes: [{ id: 'both', type: 'set', config: { values: { ok: true } }, target: { labels: ['a', 'b'] } }],
      edges: [],
    };

    // ACT
    const runs = await Promise.all([1, 2, 3].map(async () => hubNow.waitForRun((await hubNow.startRun(definition)).id, RUN_TIMEOUT_MS)));

    // ASSERT
    for (const run of runs) {
      expect(run.status).toBe('succeeded');
      expect(node(run, 'both')).toMatchObject({ status: 'succeeded', agentId: ids.get('host-ab') });
      expect(node(run, 'both').tasks).toHaveLength(1);
    }
  }, TEST_TIMEOUT_MS);

  it('refuses a workflow targeting label zzz, naming the node and the label, and stores nothing', async () => {
    // ARRANGE
    const hubNow = hub as E2eHub;
    const definition = {
      schemaVersion: 1,
      name: 'fleet-nowhere',
      nodes: [
        { id: 'fine', type: 'set', config: { values: {} }, target: { labels: ['a'] } },
        { id: 'nowhere', type: 'set', config: { values: {} }, target: { labels: ['zzz'], each: true } },
      ],
      edges: [],
    };
    const file = path.join(workDir, 'nowhere.json');
    await writeFile(file, JSON.stringify(definition));
    const before = (await hubNow.api<RunSummaryPage>('GET', '/api/runs')).body.items.length;

    // ACT
    const refused = await hubNow.api<{ error: { code: string; message: string; problems: Array<{ nodeId: string; message: string }> } }>(
      'POST',
      '/api/runs',
      { definition },
    );
    const cli = await runCli(['run', file, '--wait'], { RH_URL: hubNow.url, RH_TOKEN: ADMIN_TOKEN });
    const unknownAgent = await hubNow.api<{ error: { message: string } }>('POST', '/api/runs', {
      definition: { ...definition, name: 'fleet-no-such-agent', nodes: [{ id: 'pinned', type: 'set', config: { values: {} }, target: { agent: 'host-zzz' } }] },
    });

    // ASSERT
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('TARGET_UNMATCHED');
    expect(refused.body.error.message).toContain('zzz');
    expect(refused.body.error.problems).toEqual([{ nodeId: 'nowhere', message: expect.stringContaining('[zzz]') }]);
    expect(cli.code).toBe(2);
    expect(cli.output).toContain('node "nowhere"');
    expect(cli.output).toContain('zzz');
    expect(unknownAgent.status).toBe(400);
    expect(unknownAgent.body.error.message).toContain('host-zzz');
    expect((await hubNow.api<RunSummaryPage>('GET', '/api/runs')).body.items).toHaveLength(before);
    const workflows = (await hubNow.api<Array<{ name: string }> | { items: Array<{ name: string }> }>('GET', '/api/workflows')).body;
    const names = (Array.isArray(workflows) ? workflows : workflows.items).map((workflow) => workflow.name);
    expect(names).not.toContain('fleet-nowhere');
    expect(names).not.toContain('fleet-no-such-agent');
  }, TEST_TIMEOUT_MS);

  it('finishes a run on another host when the host running its node is killed with SIGKILL', async () => {
    // ARRANGE
    //   slow (labels [b], 3 s, up to 3 attempts) ──> after
    const hubNow = hub as E2eHub;
    const definition = {
      schemaVersion: 1,
      name: 'fleet-lost-host',
      defaults: { retry: { maxAttempts: 3, backoff: 'fixed', delayMs: 200 } },
      nodes: [
        { id: 'slow', type: 'shell', timeoutMs: 30_000, config: { shell: 'sh', script: 'sleep 3; echo done' }, target: { labels: ['b'] } },
        { id: 'after', type: 'set', config: { values: { reached: true } }, target: { labels: ['b'] } },
      ],
      edges: [{ from: 'slow', to: 'after' }],
    };
    const started = await hubNow.startRun(definition);
    const running = await eventually(
      async () => {
        const slow = node(await hubNow.run(started.id), 'slow');
        return slow.status === 'running' && slow.agentId ? slow : undefined;
      },
      RUN_TIMEOUT_MS,
      () => 'node "slow" to run',
    );
    const victimName = [...ids].find(([, id]) => id === running.agentId)?.[0];
    const victim = hubNow.workers.find((worker) => worker.name === victimName);
    if (!victim) throw new Error(`no worker process runs agent ${running.agentId}`);

    // ACT
    const exit = await victim.stop('SIGKILL');
    const run = await hubNow.waitForRun(started.id, RUN_TIMEOUT_MS);

    // ASSERT
    expect(exit.signal).toBe('SIGKILL');
    expect(run.status).toBe('succeeded');
    const survivor = victimName === 'host-b' ? 'host-ab' : 'host-b';
    expect(node(run, 'slow')).toMatchObject({ status: 'succeeded', agentId: ids.get(survivor), output: { stdout: 'done\n' } });
    expect(node(run, 'slow').attempt).toBeGreaterThanOrEqual(2);
    expect(node(run, 'after')).toMatchObject({ status: 'succeeded', agentId: ids.get(survivor) });
  }, TEST_TIMEOUT_MS);
});
