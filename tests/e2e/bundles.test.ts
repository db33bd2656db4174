/**
 * Bundles, end to end, on a coordinator and two worker processes: a chain of nodes bound to
 * one agent goes to it as one task carrying the nodes after the first (docs/ARCHITECTURE.md
 * "Bundles"). The chain's results come back together and each node is recorded as if it had
 * been dispatched alone; a failing step is retried by its own policy; a cancel stops the step
 * running; a worker killed in the middle hands the whole chain to the other worker.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { E2eHub, eventually, processAlive, node, readPids } from './e2e.harness';

const BOOT_TIMEOUT_MS = 30_000;
const RUN_TIMEOUT_MS = 40_000;
const EXIT_TIMEOUT_MS = 10_000;
const TEST_TIMEOUT_MS = 2 * RUN_TIMEOUT_MS;

/** `a ──> b ──> c`, three shell nodes with these scripts, any worker. */
function chain(name: string, scripts: { a: string; b: string; c: string }, extra: Record<string, unknown> = {}) {
  return {
    schemaVersion: 1,
    name,
    ...extra,
    nodes: (['a', 'b', 'c'] as const).map((id) => ({ id, type: 'shell', timeoutMs: 30_000, config: { shell: 'sh', script: scripts[id] } })),
    edges: [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
    ],
  };
}

describe('end to end: a chain bound to one agent runs as one bundle', () => {
  let hub: E2eHub;
  let agentIds: Map<string, string>;
  let workDir: string;
  let db: Client;

  /** The `bundle` column of a node's task rows: what the coordinator sent with it. */
  async function bundlesOf(runId: string, nodeId: string): Promise<unknown[]> {
    const { rows } = await db.query<{ bundle: unknown }>('select bundle from node_tasks where run_id = $1 and node_id = $2', [runId, nodeId]);
    return rows.map((row) => row.bundle);
  }

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'rh-e2e-bundles-'));
    hub = await E2eHub.boot(2);
    agentIds = await hub.waitForWorkers(['e2e-worker-1', 'e2e-worker-2'], BOOT_TIMEOUT_MS);
    db = new Client({ connectionString: hub.database.url });
    await db.connect();
  }, BOOT_TIMEOUT_MS + 30_000);

  afterAll(async () => {
    await db?.end();
    await hub?.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it('sends the chain as one task and records each node on that agent with its own output', async () => {
    // ARRANGE
    const definition = chain('e2e-bundle', { a: 'echo a', b: 'echo b', c: 'echo c' });

    // ACT
    const started = await hub.startRun(definition);
    const run = await hub.waitForRun(started.id, RUN_TIMEOUT_MS);

    // ASSERT
    expect(run.status).toBe('succeeded');
    const [a, b, c] = [node(run, 'a'), node(run, 'b'), node(run, 'c')];
    for (const [ran, stdout] of [[a, 'a\n'], [b, 'b\n'], [c, 'c\n']] as const) {
      expect(ran).toMatchObject({ status: 'succeeded', attempt: 1, agentId: a.agentId, output: { exitCode: 0, stdout } });
    }
    expect([...agentIds.values()]).toContain(a.agentId);
    expect(await bundlesOf(run.id, 'a')).toEqual([['b', 'c']]);
    expect(await bundlesOf(run.id, 'b')).toEqual([null]);
    expect(Date.parse(c.startedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(b.finishedAt ?? ''));
  }, TEST_TIMEOUT_MS);

  it("retries a step that failed by its own retry policy, and the chain goes on after it", async () => {
    // ARRANGE: b fails the first time it runs, then succeeds
    const marker = path.join(workDir, 'b-ran-once');
    const definition = chain(
      'e2e-bundle-retry',
      { a: 'echo a', b: `if [ -f "${marker}" ]; then echo again; else touch "${marker}"; exit 3; fi`, c: 'echo c' },
      { defaults: { retry: { maxAttempts: 2, backoff: 'fixed', delayMs: 100 } } },
    );

    // ACT
    const started = await hub.startRun(definition);
    const run = await hub.waitForRun(started.id, RUN_TIMEOUT_MS);

    // ASSERT
    expect(run.status).toBe('succeeded');
    expect(node(run, 'b')).toMatchObject({ status: 'succeeded', attempt: 2, output: { stdout: 'again\n' } });
    expect(node(run, 'c')).toMatchObject({ status: 'succeeded', output: { stdout: 'c\n' } });
    expect(await bundlesOf(run.id, 'a')).toEqual([['b', 'c']]);
  }, TEST_TIMEOUT_MS);

  it('stops the running step on a cancel, and nothing after it runs', async () => {
    // ARRANGE: b records its pid and a child's, then waits
    const pidFile = path.join(workDir, 'cancel.pids');
    const cMarker = path.join(workDir, 'c-ran');
    const definition = chain('e2e-bundle-cancel', {
      a: 'echo a',
      b: `echo $$ > "${pidFile}"; sleep 300 & echo $! >> "${pidFile}"; wait`,
      c: `touch "${cMarker}"`,
    });
    const started = await hub.startRun(definition);
    await eventually(async () => ((await readPids(pidFile)).length === 2 ? true : undefined), RUN_TIMEOUT_MS, () => 'step b to run');
    const pids = await readPids(pidFile);

    // ACT
    const cancel = await hub.api('POST', `/api/runs/${started.id}/cancel`);
    const run = await hub.waitForRun(started.id, RUN_TIMEOUT_MS);

    // ASSERT
    expect(cancel.status).toBeLessThan(300);
    expect(run.status).toBe('cancelled');
    expect(node(run, 'b').status).toBe('cancelled');
    expect(node(run, 'c').status).toBe('cancelled');
    await eventually(() => (pids.every((pid) => !processAlive(pid)) ? true : undefined), EXIT_TIMEOUT_MS, () => `processes ${pids.join(', ')} to be gone`);
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await hub.run(started.id)).status).toBe('cancelled');
    await expect(readFile(cMarker)).rejects.toThrow();
  }, TEST_TIMEOUT_MS);

  it('hands the whole chain to the other worker when its worker is killed in the middle, and the run succeeds', async () => {
    // ARRANGE: b takes 3 s, so the worker dies while it runs
    const pidFile = path.join(workDir, 'lost.pids');
    const definition = chain(
      'e2e-bundle-lost-worker',
      { a: 'echo a', b: `echo $$ >> "${pidFile}"; sleep 3; echo b`, c: 'echo c' },
      { defaults: { retry: { maxAttempts: 3, backoff: 'fixed', delayMs: 200 } } },
    );
    const started = await hub.startRun(definition);
    await eventually(async () => ((await readPids(pidFile)).length === 1 ? true : undefined), RUN_TIMEOUT_MS, () => 'step b to run');
    const holder = node(await hub.run(started.id), 'a').agentId;
    const victimName = [...agentIds].find(([, id]) => id === holder)?.[0];
    const victim = hub.workers.find((worker) => worker.name === victimName);
    if (!victim) throw new Error(`no worker process runs agent ${holder}`);

    // ACT
    await victim.stop('SIGKILL');
    const run = await hub.waitForRun(started.id, RUN_TIMEOUT_MS);

    // ASSERT: the chain's first node was retried elsewhere, carrying the rest again
    expect(run.status).toBe('succeeded');
    expect(node(run, 'a').attempt).toBeGreaterThanOrEqual(2);
    for (const id of ['a', 'b', 'c']) expect(node(run, id)).toMatchObject({ status: 'succeeded', agentId: expect.not.stringMatching(`^${holder}$`) });
    expect(node(run, 'b').output).toMatchObject({ stdout: 'b\n' });
    victim.start();
    await hub.waitForWorkers([victim.name], BOOT_TIMEOUT_MS);
  }, TEST_TIMEOUT_MS);
});
