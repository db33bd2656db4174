import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { AGENTS_NAMESPACE, type CreatedEnrollToken, type EnrollTokenRecord, type RunRecord } from '@runtime-hub/protocol';
import { signHandshake } from '../../apps/worker-windows/src/agent-key';
import { runCli } from '../coordinator-api/cli.harness';
import { ADMIN_TOKEN, E2eHub, WorkerProcess, eventually } from '../e2e/e2e.harness';

/**
 * Enrollment faults against the real system: a coordinator on its own database and prefix and
 * `runtime-hub worker` processes. Refused tokens end the worker with the reason; a replayed
 * single-use token is refused; a revoked agent is disconnected at once, its task moves on,
 * and neither its key nor a restart brings it back.
 */

const BOOT_TIMEOUT_MS = 30_000;
const RUN_TIMEOUT_MS = 40_000;
const TEST_TIMEOUT_MS = 2 * RUN_TIMEOUT_MS;
/** Bound on the handshake of the raw sockets below. */
const CONNECT_TIMEOUT_MS = 5_000;

function node(run: RunRecord, id: string) {
  const found = run.nodes.find((candidate) => candidate.nodeId === id);
  if (!found) throw new Error(`run ${run.id} has no node ${id}`);
  return found;
}

/** Connects to `/agents` with `auth`; resolves with the socket, or rejects with the refusal (message and `data.code`). */
function connect(url: string, auth: Record<string, unknown>, sockets: Socket[]): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(`${url}${AGENTS_NAMESPACE}`, { auth, transports: ['websocket'], reconnection: false, forceNew: true, timeout: CONNECT_TIMEOUT_MS });
    sockets.push(socket);
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error: Error & { data?: { code?: string } }) => reject(Object.assign(new Error(error.message), { code: error.data?.code })));
  });
}

describe('fault: enrollment, revocation and local policy', () => {
  let hub: E2eHub | undefined;
  const dirs: string[] = [];
  const sockets: Socket[] = [];

  beforeAll(async () => {
    hub = await E2eHub.boot(0);
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await hub?.close();
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  }, BOOT_TIMEOUT_MS);

  const createToken = async (body: Record<string, unknown>): Promise<CreatedEnrollToken> => {
    const response = await hub!.api<CreatedEnrollToken>('POST', '/api/enroll-tokens', body);
    if (response.status !== 201) throw new Error(`POST /api/enroll-tokens answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  };

  /** A worker process enrolling with `token` (not the shared development token). */
  const worker = async (name: string, labels: readonly string[], token: string, dataDir?: string): Promise<WorkerProcess> => {
    const dir = dataDir ?? (await mkdtemp(path.join(tmpdir(), `rh-fault-${name}-`)));
    if (!dataDir) dirs.push(dir);
    const process = new WorkerProcess(name, dir, hub!.url, labels, { RH_ENROLL_TOKEN: token });
    process.start();
    hub!.workers.push(process);
    return process;
  };

  /** Waits (bounded) for the worker to exit by itself and returns its exit code. */
  const exitCodeOf = async (process: WorkerProcess): Promise<number | null> => {
    await eventually(() => (process.running ? undefined : true), BOOT_TIMEOUT_MS, () => `worker ${process.name} to exit`, async () => process.output);
    return (await process.stop()).code;
  };

  it('refuses expired, used-up (a replayed single-use token) and revoked tokens; the worker says which and exits 1', async () => {
    // ARRANGE: a single-use token (made with the CLI) used once, one that expires at once, one revoked
    const cli = { RH_URL: hub!.url, RH_TOKEN: ADMIN_TOKEN };
    const made = await runCli(['enroll-token', 'create', '--labels', 'tok-single', '--uses', '1', '--expires', '1h', '--json'], cli).finished;
    expect(made).toMatchObject({ code: 0, stderr: '' });
    const single = JSON.parse(made.stdout) as CreatedEnrollToken;
    expect(single).toMatchObject({ labels: ['tok-single'], maxUses: 1, uses: 0, state: 'usable', token: expect.stringMatching(/^rhe_/) });
    expect(await runCli(['enroll-token', 'create', '--expires', '10'], cli).finished).toMatchObject({ code: 2, stderr: expect.stringContaining('--expires: "10" is not a duration') });
    const first = await worker('tok-first', ['tok'], single.token);
    const enrolled = await hub!.waitForWorkers(['tok-first'], BOOT_TIMEOUT_MS);
    const expiring = await createToken({ expiresInMs: 1 });
    await eventually(
      async () => ((await hub!.api<EnrollTokenRecord[]>('GET', '/api/enroll-tokens')).body.find((token) => token.id === expiring.id)?.state === 'expired' ? true : undefined),
      BOOT_TIMEOUT_MS,
      () => `token ${expiring.id} to expire`,
    );
    const revoked = await createToken({});
    expect(await runCli(['enroll-token', 'revoke', revoked.id], cli).finished).toMatchObject({ code: 0, stdout: `enroll token ${revoked.id} revoked: no agent can enroll with it any more\n` });

    // ACT: a second host replays the single-use token; others present the expired and the revoked one
    const replay = await worker('tok-replay', ['tok'], single.token);
    const late = await worker('tok-late', ['tok'], expiring.token);
    const barred = await worker('tok-barred', ['tok'], revoked.token);

    // ASSERT: each exits 1 naming why; the first one keeps working with the token's label
    expect(await exitCodeOf(replay)).toBe(1);
    expect(replay.output).toContain(`enroll token refused: token ${single.id} is used up (1 of 1 uses)`);
    expect(await exitCodeOf(late)).toBe(1);
    expect(late.output).toContain(`enroll token refused: token ${expiring.id} expired at`);
    expect(await exitCodeOf(barred)).toBe(1);
    expect(barred.output).toContain(`enroll token refused: token ${revoked.id} was revoked at`);
    const agents = await hub!.agents();
    expect(agents.map((agent) => agent.name)).not.toEqual(expect.arrayContaining(['tok-replay']));
    // Its labels are the token's only: declared ones are not granted by declaring them.
    expect(agents.find((agent) => agent.id === enrolled.get('tok-first'))).toMatchObject({ status: 'online', labels: ['tok-single'] });
    expect(first.running).toBe(true);

    // The same handshake replayed by hand is refused the same way, with a code an agent branches on.
    await expect(connect(hub!.url, { type: 'enroll', enrollToken: single.token }, sockets)).rejects.toMatchObject({
      message: `enroll token refused: token ${single.id} is used up (1 of 1 uses)`,
      code: 'ENROLL_TOKEN_REFUSED',
    });
    await first.stop();
  }, TEST_TIMEOUT_MS);

  it('revokes an agent mid-task: disconnected at once, its task finishes elsewhere, its key and a restart are refused', async () => {
    // ARRANGE: two workers of one pool, one slow node on either of them
    const token = await createToken({ labels: ['revoke-pool'] });
    const workers = [await worker('rev-1', [], token.token), await worker('rev-2', [], token.token)];
    const ids = await hub!.waitForWorkers(['rev-1', 'rev-2'], BOOT_TIMEOUT_MS);
    const started = await hub!.startRun({
      schemaVersion: 1,
      name: 'fault-revoke',
      defaults: { retry: { maxAttempts: 3, backoff: 'fixed', delayMs: 200 } },
      nodes: [{ id: 'slow', type: 'shell', timeoutMs: 30_000, target: { labels: ['revoke-pool'] }, config: { shell: 'sh', script: 'sleep 3; echo done' } }],
      edges: [],
    });
    const running = await eventually(
      async () => {
        const slow = node(await hub!.run(started.id), 'slow');
        return slow.status === 'running' && slow.agentId ? slow : undefined;
      },
      RUN_TIMEOUT_MS,
      () => 'node "slow" to run',
    );
    const victimName = [...ids].find(([, id]) => id === running.agentId)![0];
    const victim = workers.find((candidate) => candidate.name === victimName)!;

    // ACT
    const revoked = await runCli(['agents', 'revoke', running.agentId!, '--json'], { RH_URL: hub!.url, RH_TOKEN: ADMIN_TOKEN }).finished;

    // ASSERT: revoked, the worker told so and gone; the node retried on the other worker
    expect(revoked.code).toBe(0);
    expect(JSON.parse(revoked.stdout)).toMatchObject({ id: running.agentId, status: 'revoked' });
    expect(await exitCodeOf(victim)).toBe(1);
    expect(victim.output).toContain('revoked');
    const run = await hub!.waitForRun(started.id, RUN_TIMEOUT_MS);
    expect(run.status).toBe('succeeded');
    const slow = node(run, 'slow');
    expect(slow.agentId).toBe(ids.get(victimName === 'rev-1' ? 'rev-2' : 'rev-1'));
    expect(slow.attempt).toBeGreaterThanOrEqual(2);
    expect(slow.output).toMatchObject({ exitCode: 0, stdout: 'done\n' });

    // Its key, used as the worker would, is refused...
    const stored = JSON.parse(await readFile(path.join(victim.dataDir, `agent-${victimName}.json`), 'utf8')) as { agentId: string; privateKey: string };
    expect(stored.agentId).toBe(running.agentId);
    await expect(connect(hub!.url, { ...signHandshake(stored.privateKey, stored.agentId) }, sockets)).rejects.toMatchObject({
      message: `agent "${victimName}" is revoked: an administrator must restore it (runtime-hub agents restore ${running.agentId})`,
      code: 'AGENT_REVOKED',
    });
    // ...and so is the worker restarted on its data directory, token in hand: it exits rather than retrying.
    victim.start();
    expect(await exitCodeOf(victim)).toBe(1);
    expect(victim.output).toContain('is revoked');
    expect((await hub!.agents()).find((agent) => agent.id === running.agentId)?.status).toBe('revoked');
    await Promise.all(workers.map((process) => process.stop()));
  }, TEST_TIMEOUT_MS);

  it("applies the host's local policy: denied capabilities are not registered, so the node waits; a bad file stops the worker", async () => {
    // ARRANGE: a policy that denies sh, and one with a typo
    const dir = await mkdtemp(path.join(tmpdir(), 'rh-fault-policy-'));
    dirs.push(dir);
    const policy = path.join(dir, 'policy.json');
    await writeFile(policy, JSON.stringify({ deny: ['shell:sh'] }));
    const typo = path.join(dir, 'typo.json');
    await writeFile(typo, JSON.stringify({ deny: ['shell:shh'] }));
    const token = await createToken({ labels: ['pol'] });

    // ACT
    const guarded = new WorkerProcess('pol-1', path.join(dir, 'pol-1'), hub!.url, ['pol'], { RH_ENROLL_TOKEN: token.token, RH_POLICY_FILE: policy });
    const broken = new WorkerProcess('pol-2', path.join(dir, 'pol-2'), hub!.url, ['pol'], { RH_ENROLL_TOKEN: token.token, RH_POLICY_FILE: typo });
    hub!.workers.push(guarded, broken);
    guarded.start();
    broken.start();
    const ids = await hub!.waitForWorkers(['pol-1'], BOOT_TIMEOUT_MS);
    const refused = await hub!.api<{ error: { code: string; problems: Array<{ nodeId: string; message: string }> } }>('POST', '/api/runs', {
      definition: {
        schemaVersion: 1,
        name: 'fault-policy',
        nodes: [{ id: 'sh', type: 'shell', target: { labels: ['pol'] }, config: { shell: 'sh', script: 'echo denied' } }],
        edges: [],
      },
    });

    // ASSERT: registered without sh, so a run that needs it is refused before it is accepted,
    // naming the capability; the bad file named with its field
    const agent = (await hub!.agents()).find((candidate) => candidate.id === ids.get('pol-1'))!;
    expect(agent.capabilities).not.toContain('shell:sh');
    expect(agent.capabilities).toEqual(expect.arrayContaining(['process', 'file']));
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe('TARGET_UNMATCHED');
    expect(refused.body.error.problems).toEqual([{ nodeId: 'sh', message: expect.stringContaining('has capability shell:sh') }]);
    expect(await exitCodeOf(broken)).toBe(2);
    expect(broken.output).toContain(`policy file ${typo}: deny.0: expected a known capability`);
    await guarded.stop();
  }, TEST_TIMEOUT_MS);
});
