import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { io, type Socket } from 'socket.io-client';
import { AGENTS_NAMESPACE, type RegisterAck, type RunRecord } from '@runtime-hub/protocol';
import { generateAgentKeyPair } from '../../apps/worker-windows/src/agent-key';
import { nextEvent, registration } from '../agents/agents.harness';
import { E2eHub, ENROLL_TOKEN, WorkerProcess, eventually } from '../e2e/e2e.harness';

/**
 * A forged result: a client authenticated as agent B tries to claim and report agent A's
 * task, over the same connection real agents use. Every attempt is refused (there is no claim
 * message at all; results: UNAUTHORIZED / NOT_ASSIGNED) and logged, the run's record does not
 * change, and A's real result is recorded once. A's script waits for a release file, so the
 * forgeries all land while A's task runs.
 */

const BOOT_TIMEOUT_MS = 30_000;
const RUN_TIMEOUT_MS = 40_000;
const TEST_TIMEOUT_MS = 2 * RUN_TIMEOUT_MS;
/** Bound on each ack the forger waits for. */
const ACK_TIMEOUT_MS = 5_000;

function node(run: RunRecord, id: string) {
  const found = run.nodes.find((candidate) => candidate.nodeId === id);
  if (!found) throw new Error(`run ${run.id} has no node ${id}`);
  return found;
}

describe('fault: a forged claim or result', () => {
  let hub: E2eHub | undefined;
  let workDir: string | undefined;
  let forger: Socket | undefined;

  beforeAll(async () => {
    hub = await E2eHub.boot(0);
    workDir = await mkdtemp(path.join(tmpdir(), 'rh-fault-forged-'));
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    forger?.disconnect();
    await hub?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  }, BOOT_TIMEOUT_MS);

  it("refuses B's claim and results for A's task, leaves the run as it was, and records A's result once", async () => {
    // ARRANGE: agent A, a real worker; agent B, a client enrolled with a key of its own
    const dataDir = path.join(workDir!, 'worker-a');
    const workerA = new WorkerProcess('forge-a', dataDir, hub!.url, ['forge-a']);
    workerA.start();
    hub!.workers.push(workerA);
    const ids = await hub!.waitForWorkers(['forge-a'], BOOT_TIMEOUT_MS);
    const agentA = ids.get('forge-a')!;

    forger = io(`${hub!.url}${AGENTS_NAMESPACE}`, {
      auth: { enrollToken: ENROLL_TOKEN, publicKey: generateAgentKeyPair().publicKey },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    const registered = (await forger.timeout(ACK_TIMEOUT_MS).emitWithAck('agent:register', registration('forge-b', { labels: ['forge-b'] }))) as RegisterAck;
    if (!registered.ok) throw new Error(`forge-b not registered: ${registered.error.message}`);
    const agentB = registered.agentId;

    const release = path.join(workDir!, 'release');
    const started = await hub!.startRun({
      schemaVersion: 1,
      name: 'fault-forged-result',
      nodes: [
        {
          id: 'real',
          type: 'shell',
          timeoutMs: 30_000,
          retry: { maxAttempts: 1 },
          target: { agent: 'forge-a' },
          config: { shell: 'sh', script: `while [ ! -f '${release}' ]; do sleep 0.05; done; echo real` },
        },
      ],
      edges: [],
    });
    const before = await eventually(
      async () => {
        const run = await hub!.run(started.id);
        return node(run, 'real').status === 'running' ? run : undefined;
      },
      RUN_TIMEOUT_MS,
      () => 'node "real" to run on agent A',
    );
    const task = { runId: started.id, nodeId: 'real', attempt: node(before, 'real').attempt };
    const now = new Date().toISOString();
    const forged = (agentId: string) => ({ status: 'succeeded', ...task, agentId, startedAt: now, finishedAt: now, output: { exitCode: 0, stdout: 'forged\n', stderr: '' } });

    // ACT: B claims A's task, reports it under A's id, then under its own
    const claimError = nextEvent<{ code: string; message: string }>(forger, 'agent:error');
    const claim = await forger.timeout(ACK_TIMEOUT_MS).emitWithAck('task:claim', task);
    const claimRefusal = await claimError;
    // B's queue is its own: nothing of A's reaches it.
    const deliveredToB: unknown[] = [];
    forger.on('task:assign', (delivered: unknown) => deliveredToB.push(delivered));
    const asA = await forger.timeout(ACK_TIMEOUT_MS).emitWithAck('task:result', forged(agentA));
    const resultError = nextEvent<{ code: string; message: string }>(forger, 'agent:error');
    const asB = await forger.timeout(ACK_TIMEOUT_MS).emitWithAck('task:result', forged(agentB));
    const resultRefusal = await resultError;
    const after = await hub!.run(started.id);

    // ASSERT: all refused, nothing recorded
    expect(claim).toEqual({ ok: false, error: { code: 'INVALID_MESSAGE', message: 'unknown event "task:claim"' } });
    expect(claimRefusal).toEqual({ code: 'INVALID_MESSAGE', message: 'unknown event "task:claim"' });
    expect(asA).toEqual({ ok: false, error: { code: 'UNAUTHORIZED', message: `task:result: agent "${agentB}" cannot report a result of agent "${agentA}"` } });
    expect(asB).toEqual({ ok: false, error: { code: 'UNAUTHORIZED', message: `task:result: node real of run ${started.id} is not assigned to agent "${agentB}"` } });
    expect(resultRefusal.code).toBe('NOT_ASSIGNED');
    expect(after).toEqual(before);

    // ACT: A's task finishes
    await writeFile(release, '');
    const run = await hub!.waitForRun(started.id, RUN_TIMEOUT_MS);

    // ASSERT: the real result, recorded once, on A's only attempt
    expect(run.status).toBe('succeeded');
    const real = node(run, 'real');
    expect(real).toMatchObject({ status: 'succeeded', agentId: agentA, attempt: 1, output: { exitCode: 0, stdout: 'real\n' } });
    expect(real.tasks).toEqual([expect.objectContaining({ agentId: agentA, attempt: 1, status: 'succeeded' })]);
    const db = new Client({ connectionString: hub!.database.url });
    await db.connect();
    try {
      const { rows } = await db.query<{ agent_id: string }>('select agent_id from node_tasks where run_id = $1', [started.id]);
      expect(rows).toEqual([{ agent_id: agentA }]);
    } finally {
      await db.end();
    }
    expect(deliveredToB).toEqual([]);
    await workerA.stop();
  }, TEST_TIMEOUT_MS);
});
