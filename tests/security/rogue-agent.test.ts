/**
 * The trust boundary between agents: a rogue agent holding a valid credential of its own (its
 * own enroll token, labelled `rogue`) tries to read other agents' tasks, change them, answer
 * them and take over another agent's identity. Every attempt fails and is logged by the
 * coordinator; the run it tried to tamper with finishes with its real result; and the real
 * worker reaches nothing but the coordinator (no Redis connection at all).
 *
 * Real processes: a `runtime-hub coordinator`, a `runtime-hub worker` (the victim), a Redis of
 * their own (tests/faults/fleet-faults.harness.ts); the rogue speaks the wire protocol with
 * socket.io-client, as any agent may.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { AGENTS_NAMESPACE, LIVE_NAMESPACE, type CreatedEnrollToken, type NodeTask, type RegisterAck, type RunRecord } from '@runtime-hub/protocol';
import { generateAgentKeyPair, signHandshake } from '../../apps/worker-windows/src/agent-key';
import { registration } from '../agents/agents.harness';
import { eventually } from '../e2e/e2e.harness';
import { FaultFleet } from '../faults/fleet-faults.harness';
import { connectedPortsOf } from './process-connections';

const BOOT_TIMEOUT_MS = 60_000;
const RUN_TIMEOUT_MS = 40_000;
const TEST_TIMEOUT_MS = 2 * RUN_TIMEOUT_MS;
/** Bound on each answer the rogue waits for. */
const ACK_TIMEOUT_MS = 5_000;

type ConnectOutcome = { readonly socket: Socket } | { readonly refused: { readonly message: string; readonly code: unknown } };

function connect(url: string, auth: Record<string, unknown>, sockets: Socket[]): Promise<ConnectOutcome> {
  const socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(socket);
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ socket }));
    socket.once('connect_error', (error: Error & { data?: { code?: unknown } }) => resolve({ refused: { message: error.message, code: error.data?.code } }));
  });
}

function connected(outcome: ConnectOutcome): Socket {
  if ('refused' in outcome) throw new Error(`connection refused: ${outcome.refused.message}`);
  return outcome.socket;
}

function node(run: RunRecord, id: string) {
  const found = run.nodes.find((candidate) => candidate.nodeId === id);
  if (!found) throw new Error(`run ${run.id} has no node ${id}`);
  return found;
}

describe('security: a rogue agent with a valid credential of its own', () => {
  let fleet: FaultFleet | undefined;
  let workDir: string | undefined;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    fleet = await FaultFleet.boot({ workers: ['victim-1'] });
    workDir = await mkdtemp(path.join(tmpdir(), 'rh-security-rogue-'));
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await fleet?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  }, BOOT_TIMEOUT_MS);

  it('cannot read, change or answer another agent\'s tasks, nor take over its identity or labels', async () => {
    // ARRANGE: the victim (a real worker, label `faults`) runs a node that waits for a release file
    const f = fleet as FaultFleet;
    const agentsUrl = `${f.url}${AGENTS_NAMESPACE}`;
    const victimId = (await f.waitForWorkers(['victim-1'])).get('victim-1')!;
    const token = await f.api<CreatedEnrollToken>('POST', '/api/enroll-tokens', { labels: ['rogue'], maxUses: 5 });
    expect(token.status).toBe(201);
    const release = path.join(workDir!, 'release');
    const started = await f.startRun({
      schemaVersion: 1,
      name: 'rogue-target',
      nodes: [
        {
          id: 'real',
          type: 'shell',
          timeoutMs: 30_000,
          retry: { maxAttempts: 1 },
          target: { labels: ['faults'] },
          config: { shell: 'sh', script: `while [ ! -f '${release}' ]; do sleep 0.05; done; echo real` },
        },
      ],
      edges: [],
    });
    const before = await eventually(
      async () => {
        const run = await f.run(started.id);
        return node(run, 'real').status === 'running' ? run : undefined;
      },
      RUN_TIMEOUT_MS,
      () => 'node "real" to run on the victim',
    );
    const attempt = node(before, 'real').attempt;

    // ACT 1: the rogue enrolls with its own token, declaring the victim's label and more
    const rogueKey = generateAgentKeyPair();
    const rogue = connected(await connect(agentsUrl, { type: 'enroll', enrollToken: token.body.token, publicKey: rogueKey.publicKey }, sockets));
    const delivered: NodeTask[] = [];
    const errors: Array<{ code: string; message: string }> = [];
    rogue.on('task:assign', (task: NodeTask, ack: (answer: unknown) => void) => {
      delivered.push(task);
      ack({ ok: true });
    });
    rogue.on('agent:error', (error: { code: string; message: string }) => errors.push(error));
    const registered = (await rogue.timeout(ACK_TIMEOUT_MS).emitWithAck('agent:register', registration('rogue-1', { labels: ['faults', 'finance', 'rogue'] }))) as RegisterAck;
    if (!registered.ok) throw new Error(`the rogue was not registered: ${registered.error.message}`);
    const rogueId = registered.agentId;

    // ACT 2: read (nothing to read: no queue, no Redis URL), claim, answer as the victim, answer as itself
    const claim = await rogue.timeout(ACK_TIMEOUT_MS).emitWithAck('task:claim', { runId: started.id, nodeId: 'real', attempt });
    const now = new Date().toISOString();
    const forged = (agentId: string) => ({ status: 'succeeded', runId: started.id, nodeId: 'real', agentId, attempt, startedAt: now, finishedAt: now, output: { exitCode: 0, stdout: 'forged\n', stderr: '' } });
    const asVictim = await rogue.timeout(ACK_TIMEOUT_MS).emitWithAck('task:result', forged(victimId));
    const asItself = await rogue.timeout(ACK_TIMEOUT_MS).emitWithAck('task:result', forged(rogueId));

    // ACT 3: take over the victim's identity: enroll under its name; sign in as it with its own key
    const clash = connected(await connect(agentsUrl, { type: 'enroll', enrollToken: token.body.token, publicKey: generateAgentKeyPair().publicKey }, sockets));
    const nameClash = (await clash.timeout(ACK_TIMEOUT_MS).emitWithAck('agent:register', registration('victim-1'))) as RegisterAck;
    const impersonation = await connect(agentsUrl, { ...signHandshake(rogueKey.privateKeyPem, victimId) }, sockets);

    // ACT 4: watch runs as a dashboard would, with what an agent holds
    const watch = await connect(`${f.url}${LIVE_NAMESPACE}`, { token: token.body.token }, sockets);
    const duringAttack = await f.run(started.id);

    // ASSERT: nothing of the victim's reached the rogue, no queue credential, labels as granted
    expect(Object.keys(registered).sort()).toEqual(['agentId', 'heartbeatIntervalMs', 'labels', 'ok']);
    expect(JSON.stringify(registered)).not.toMatch(/redis|queue|prefix/i);
    expect(registered.labels).toEqual(['rogue']);
    expect(delivered).toEqual([]);
    // ...every attempt refused
    expect(claim).toEqual({ ok: false, error: { code: 'INVALID_MESSAGE', message: 'unknown event "task:claim"' } });
    expect(asVictim).toEqual({ ok: false, error: { code: 'UNAUTHORIZED', message: `task:result: agent "${rogueId}" cannot report a result of agent "${victimId}"` } });
    expect(asItself).toEqual({ ok: false, error: { code: 'UNAUTHORIZED', message: `task:result: node real of run ${started.id} is not assigned to agent "${rogueId}"` } });
    expect(errors.map((error) => error.code)).toEqual(expect.arrayContaining(['INVALID_MESSAGE', 'UNAUTHORIZED', 'NOT_ASSIGNED']));
    // (online, so the name is in use right now; an offline holder is refused the same way: tests/agents/enrollment.test.ts)
    expect(nameClash).toEqual({ ok: false, error: { code: 'CONFLICT', message: 'an agent named "victim-1" is already online' } });
    expect(impersonation).toEqual({ refused: { message: expect.stringContaining('signature does not verify'), code: 'AUTH_FAILED' } });
    expect('refused' in watch).toBe(true);
    expect(duringAttack).toEqual(before);
    // ...and logged by the coordinator
    await eventually(
      () => {
        const log = f.coordinator.output;
        return [
          'refused a result sent on behalf of another agent',
          'refused a message about a task not assigned to this agent',
          'registration refused: the name belongs to another agent',
          'an agent handshake with a bad signature was refused',
        ].every((line) => log.includes(line))
          ? true
          : undefined;
      },
      RUN_TIMEOUT_MS,
      () => 'the coordinator to log every refused attempt',
      async () => f.coordinator.output,
    );

    // ACT 5: the victim's task finishes
    await writeFile(release, '');
    const [run] = await f.waitForRuns([started.id], RUN_TIMEOUT_MS);

    // ASSERT: the real result, on the victim, once; the victim talks to the coordinator only
    expect(run!.status).toBe('succeeded');
    expect(node(run!, 'real')).toMatchObject({ status: 'succeeded', agentId: victimId, attempt: 1, output: { exitCode: 0, stdout: 'real\n' } });
    expect((await f.sql<{ agent_id: string }>('select agent_id from node_tasks where run_id = $1', [started.id])).map((row) => row.agent_id)).toEqual([victimId]);
    const victimPid = f.worker('victim-1').pid!;
    const ports = await connectedPortsOf(victimPid);
    expect(ports.length).toBeGreaterThan(0);
    expect(ports.every((port) => port === f.port)).toBe(true);
    expect(ports).not.toContain(f.redis.port);
  }, TEST_TIMEOUT_MS);
});
