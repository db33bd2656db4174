/**
 * What goes wrong in a fleet, end to end, on a coordinator and two worker processes:
 * a node that outlives its timeout (its whole process tree is killed, nothing is orphaned),
 * a run cancelled while a node runs, and a worker killed with SIGKILL during a long node
 * (the node is retried on the other worker and the run succeeds).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { E2eHub, eventually, processAlive, node, readPids } from './e2e.harness';

const BOOT_TIMEOUT_MS = 30_000;
const RUN_TIMEOUT_MS = 40_000;
/** How long a killed process may take to disappear. */
const EXIT_TIMEOUT_MS = 10_000;
/** Each test's own bound: jest's default of 5 s is meant for unit specs. */
const TEST_TIMEOUT_MS = 2 * RUN_TIMEOUT_MS;

/**
 * A shell that records its own pid and the pids of two background sleeps, then waits: a
 * process tree of three that must die as a whole.
 */
function treeScript(pidFile: string): string {
  return `echo $$ > "${pidFile}"; sleep 300 & echo $! >> "${pidFile}"; sleep 300 & echo $! >> "${pidFile}"; echo started; wait`;
}

describe('end to end: timeouts, cancellation and a lost worker', () => {
  let hub: E2eHub | undefined;
  let agentIds: Map<string, string>;
  let workDir: string;

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'rh-e2e-failures-'));
    hub = await E2eHub.boot(2);
    agentIds = await hub.waitForWorkers(['e2e-worker-1', 'e2e-worker-2'], BOOT_TIMEOUT_MS);
  }, BOOT_TIMEOUT_MS + 30_000);

  afterAll(async () => {
    await hub?.close();
    await rm(workDir, { recursive: true, force: true });
  });

  it('kills the whole process tree of a node that outlives its timeout, and fails it TIMEOUT', async () => {
    // ARRANGE
    //   sleeper (timeoutMs 1500, one attempt) ──> after
    const pidFile = path.join(workDir, 'timeout.pids');
    const definition = {
      schemaVersion: 1,
      name: 'e2e-timeout',
      nodes: [
        { id: 'sleeper', type: 'shell', timeoutMs: 1_500, retry: { maxAttempts: 1 }, config: { shell: 'sh', script: treeScript(pidFile) } },
        { id: 'after', type: 'set', config: { values: { reached: true } } },
      ],
      edges: [{ from: 'sleeper', to: 'after' }],
    };

    // ACT
    const started = await (hub as E2eHub).startRun(definition);
    const run = await (hub as E2eHub).waitForRun(started.id, RUN_TIMEOUT_MS);

    // ASSERT
    expect(run.status).toBe('failed');
    expect(node(run, 'sleeper')).toMatchObject({ status: 'failed', attempt: 1, error: { code: 'TIMEOUT' } });
    expect(node(run, 'after').status).toBe('skipped');
    const pids = await readPids(pidFile);
    expect(pids).toHaveLength(3);
    await eventually(() => (pids.every((pid) => !processAlive(pid)) ? true : undefined), EXIT_TIMEOUT_MS, () => `processes ${pids.join(', ')} to be gone`);
  }, TEST_TIMEOUT_MS);

  it('cancels a run while a node runs: its process tree is killed and nothing after it runs', async () => {
    // ARRANGE
    //   long ──> after
    const pidFile = path.join(workDir, 'cancel.pids');
    const definition = {
      schemaVersion: 1,
      name: 'e2e-cancel',
      nodes: [
        { id: 'long', type: 'shell', timeoutMs: 60_000, config: { shell: 'sh', script: treeScript(pidFile) } },
        { id: 'after', type: 'set', config: { values: { reached: true } } },
      ],
      edges: [{ from: 'long', to: 'after' }],
    };
    const hubNow = hub as E2eHub;
    const started = await hubNow.startRun(definition);
    await eventually(
      async () => ((await readPids(pidFile)).length === 3 && node(await hubNow.run(started.id), 'long').status === 'running' ? true : undefined),
      RUN_TIMEOUT_MS,
      () => 'node "long" to run',
    );
    const pids = await readPids(pidFile);

    // ACT
    const cancel = await hubNow.api('POST', `/api/runs/${started.id}/cancel`);
    const run = await hubNow.waitForRun(started.id, RUN_TIMEOUT_MS);

    // ASSERT
    expect(cancel.status).toBeLessThan(300);
    expect(run.status).toBe('cancelled');
    expect(node(run, 'long').status).toBe('cancelled');
    expect(['cancelled', 'skipped', 'pending']).toContain(node(run, 'after').status);
    await eventually(() => (pids.every((pid) => !processAlive(pid)) ? true : undefined), EXIT_TIMEOUT_MS, () => `processes ${pids.join(', ')} to be gone`);
    // Still cancelled once everything has settled: a late result changes nothing.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect((await hubNow.run(started.id)).status).toBe('cancelled');
  }, TEST_TIMEOUT_MS);

  it('retries a node on the other worker when its worker is killed with SIGKILL, and the run succeeds', async () => {
    // ARRANGE
    //   slow (3 s, up to 3 attempts) ──> after
    const hubNow = hub as E2eHub;
    const definition = {
      schemaVersion: 1,
      name: 'e2e-lost-worker',
      defaults: { retry: { maxAttempts: 3, backoff: 'fixed', delayMs: 200 } },
      nodes: [
        { id: 'slow', type: 'shell', timeoutMs: 30_000, config: { shell: 'sh', script: 'sleep 3; echo done' } },
        { id: 'after', type: 'set', config: { values: { reached: true } } },
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
    const victimName = [...agentIds].find(([, id]) => id === running.agentId)?.[0];
    const victim = hubNow.workers.find((worker) => worker.name === victimName);
    if (!victim) throw new Error(`no worker process runs agent ${running.agentId}`);

    // ACT
    const exit = await victim.stop('SIGKILL');
    const run = await hubNow.waitForRun(started.id, RUN_TIMEOUT_MS);

    // ASSERT
    expect(exit.signal).toBe('SIGKILL');
    expect(run.status).toBe('succeeded');
    const slow = node(run, 'slow');
    expect(slow.status).toBe('succeeded');
    expect(slow.attempt).toBeGreaterThanOrEqual(2);
    expect(slow.agentId).not.toBe(running.agentId);
    expect([...agentIds.values()]).toContain(slow.agentId);
    expect(slow.output).toMatchObject({ exitCode: 0, stdout: 'done\n' });
    expect(node(run, 'after').status).toBe('succeeded');
    const lost = (await hubNow.agents()).find((agent) => agent.id === running.agentId);
    expect(lost?.status).toBe('offline');

    // The killed worker comes back with its stored credential, as the same agent.
    victim.start();
    const back = await hubNow.waitForWorkers([victim.name], BOOT_TIMEOUT_MS);
    expect(back.get(victim.name)).toBe(running.agentId);
  }, TEST_TIMEOUT_MS);
});
