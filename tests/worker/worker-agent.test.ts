/**
 * The worker agent in one process against a stand-in coordinator (fake-coordinator.ts, the
 * `/agents` wire contract), with nothing else: enrollment and the stored credential, tasks
 * delivered over its connection, real executors, bundles, results kept until acknowledged,
 * log lines, cancel, duplicate deliveries, full slots, malformed tasks, reconnecting to a
 * coordinator that starts late, and stopping a task that outlives the shutdown grace.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { idempotencyKey, NodeResultSchema, TASK_BUNDLES_CAPABILITY, type NodeResult, type NodeTask } from '@runtime-hub/protocol';
import { agentSignatureValid } from '../../apps/coordinator/src/agents/agent-credentials';
import { credentialFilePath } from '../../apps/worker-windows/src/credential-store';
import { startWorker, type RunningWorker } from '../../apps/worker-windows/src/main';
import { loadWorkerConfig, type WorkerConfig } from '../../apps/worker-windows/src/worker.config';
import { freeLoopbackPort } from '../../apps/cli/src/up/redis-probe';
import { eventually, FakeCoordinator } from './fake-coordinator';

const ENROLL_TOKEN = 'test-enroll-token';
/** Upper bound of every wait in this file: generous for a loaded CI host, far below jest's timeout. */
const WAIT_MS = 15_000;
/** Each test's own bound: jest's default of 5 s is meant for unit specs. */
const TEST_TIMEOUT_MS = 3 * WAIT_MS;

describe('worker agent against a stand-in coordinator', () => {
  let dataDir: string;
  let fake: FakeCoordinator;
  const workers: RunningWorker[] = [];

  function configFor(url: string, extra: Record<string, string> = {}): WorkerConfig {
    return loadWorkerConfig(
      { url, enrollToken: ENROLL_TOKEN, name: 'test-worker', labels: 'test,linux', concurrency: '2' },
      { RH_DATA_DIR: dataDir, RH_LOG_LEVEL: 'silent', PATH: process.env.PATH, RH_RESULT_RETRY_DELAY_MS: '200', ...extra },
      { hostname: 'test-host', cwd: process.cwd() },
    );
  }

  async function start(config: WorkerConfig = configFor(fake.url)): Promise<RunningWorker> {
    const worker = await startWorker(config, { logger: pino({ level: 'silent' }) });
    workers.push(worker);
    return worker;
  }

  async function started(config?: WorkerConfig): Promise<RunningWorker> {
    const worker = await start(config);
    await eventually(() => fake.registrations.length >= 1, WAIT_MS, 'registration');
    return worker;
  }

  function task(nodeId: string, nodeType: string, config: Record<string, unknown>, attempt = 1): NodeTask {
    const runId = `run_${Math.random().toString(36).slice(2, 10)}`;
    return {
      runId,
      nodeId,
      nodeType,
      agentId: fake.agentId,
      attempt,
      idempotencyKey: idempotencyKey(runId, nodeId),
      config,
      timeoutMs: 20_000,
      inputs: {},
      upstream: {},
    };
  }

  async function resultOf(t: Pick<NodeTask, 'runId' | 'nodeId' | 'attempt'>): Promise<NodeResult> {
    return eventually(() => fake.resultsOf(t)[0], WAIT_MS, `the result of ${t.nodeId}`);
  }

  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'rh-worker-'));
    fake = new FakeCoordinator({ enrollToken: ENROLL_TOKEN });
    await fake.start();
  });

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop()));
    await fake.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('enrolls once with a new public key, stores its private key owner-only, and signs in with it', async () => {
    const first = await start();
    await eventually(() => fake.registrations.length === 1, WAIT_MS, 'registration');
    const file = credentialFilePath(dataDir, 'test-worker');
    const stored = await eventually(async () => stat(file).catch(() => undefined), WAIT_MS, 'credential file');
    expect(stored.mode & 0o777).toBe(0o600);
    expect(fake.handshakes[0]?.auth).toEqual({ type: 'enroll', enrollToken: ENROLL_TOKEN, publicKey: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    const key = JSON.parse(await readFile(file, 'utf8')) as { agentId: string; privateKey: string; publicKey: string };
    expect(key).toMatchObject({ agentId: fake.agentId, publicKey: fake.handshakes[0]?.auth.publicKey, privateKey: expect.stringContaining('BEGIN PRIVATE KEY') });
    expect(fake.registrations[0]).toMatchObject({ name: 'test-worker', kind: 'worker', os: 'linux', labels: ['test', 'linux'], concurrency: 2, hostname: 'test-host' });
    expect(fake.registrations[0]?.capabilities).toEqual(expect.arrayContaining(['process', 'file', 'http', 'tcp', 'shell:sh', TASK_BUNDLES_CAPABILITY]));

    await first.stop();
    await start(configFor(fake.url, {}));
    await eventually(() => fake.registrations.length === 2, WAIT_MS, 'second registration');
    const signed = fake.handshakes[1]?.auth as { type: string; agentId: string; timestampMs: number; nonce: string; signature: string };
    expect(signed).toEqual({ type: 'signature', agentId: fake.agentId, timestampMs: expect.any(Number), nonce: expect.any(String), signature: expect.any(String) });
    expect(agentSignatureValid(key.publicKey, signed, signed.signature)).toBe(true);
  }, TEST_TIMEOUT_MS);

  it('registers that it runs bundles whatever its local policy denies', async () => {
    const policyFile = path.join(dataDir, 'policy.json');
    await writeFile(policyFile, JSON.stringify({ deny: ['process', 'file', 'http', 'tcp', 'shell:sh', 'shell:bash'] }));
    await started(configFor(fake.url, { RH_POLICY_FILE: policyFile }));
    expect(fake.registrations[0]?.capabilities).toEqual([TASK_BUNDLES_CAPABILITY]);
  }, TEST_TIMEOUT_MS);

  it('runs a bundled task with the real executors and returns its steps\' results with its own', async () => {
    await started();
    const head = task('first', 'shell', { shell: 'sh', script: 'echo first' });
    const step = { nodeId: 'second', nodeType: 'shell', attempt: 1, idempotencyKey: idempotencyKey(head.runId, 'second'), timeoutMs: 20_000, upstream: {} };
    const bundled: NodeTask = { ...head, bundle: [{ ...step, config: { shell: 'sh', script: 'echo second' } }] };
    expect(await fake.deliver(bundled)).toEqual({ ok: true });
    const result = NodeResultSchema.parse(await resultOf(head));
    expect(result).toMatchObject({
      status: 'succeeded',
      nodeId: 'first',
      output: { stdout: 'first\n' },
      bundle: [{ status: 'succeeded', runId: head.runId, nodeId: 'second', agentId: fake.agentId, attempt: 1, output: { exitCode: 0, stdout: 'second\n' } }],
    });
    expect(fake.logs.filter((log) => log.runId === head.runId).map((log) => [log.nodeId, log.line])).toEqual([
      ['first', 'first'],
      ['second', 'second'],
    ]);
  }, TEST_TIMEOUT_MS);

  it('heartbeats and touches worker.alive', async () => {
    await start();
    await eventually(() => fake.heartbeats.length >= 2, WAIT_MS, 'two heartbeats');
    const alive = await stat(path.join(dataDir, 'worker.alive'));
    expect(Date.now() - alive.mtimeMs).toBeLessThan(WAIT_MS);
    expect(fake.heartbeats[0]).toEqual({ at: expect.any(String), runningTasks: 0, session: 'none' });
  }, TEST_TIMEOUT_MS);

  it('accepts a delivered shell task, streams its lines and returns the result over its connection', async () => {
    await started();
    const t = task('hello', 'shell', { shell: 'sh', script: 'echo hello; echo oops >&2' });
    expect(await fake.deliver(t)).toEqual({ ok: true });
    const result = await resultOf(t);
    expect(result).toMatchObject({ status: 'succeeded', runId: t.runId, nodeId: 'hello', agentId: fake.agentId, attempt: 1 });
    expect(result.status === 'succeeded' && result.output).toMatchObject({ exitCode: 0, stdout: 'hello\n', stderr: 'oops\n' });
    await eventually(() => fake.logs.some((log) => log.stream === 'stdout' && log.line === 'hello'), WAIT_MS, 'stdout line');
    expect(fake.logs.find((log) => log.stream === 'stderr')).toMatchObject({ runId: t.runId, nodeId: 'hello', attempt: 1, line: 'oops' });
  }, TEST_TIMEOUT_MS);

  it('runs a task delivered twice once: again while it runs, and again after it finished', async () => {
    await started();
    const marker = path.join(dataDir, 'runs.txt');
    const t = task('once', 'shell', { shell: 'sh', script: `echo ran >> ${marker}; sleep 0.3` });
    expect(await fake.deliver(t)).toEqual({ ok: true });
    expect(await fake.deliver(t)).toEqual({ ok: true });
    await resultOf(t);
    expect(await fake.deliver(t)).toEqual({ ok: true });
    await eventually(() => fake.resultsOf(t).length >= 2, WAIT_MS, 'the result reported again');
    expect(await readFile(marker, 'utf8')).toBe('ran\n');
  }, TEST_TIMEOUT_MS);

  it('refuses a delivery beyond its slots, naming why', async () => {
    await started(configFor(fake.url, { RH_WORKER_SHUTDOWN_GRACE_MS: '100' }));
    const long = (nodeId: string) => task(nodeId, 'shell', { shell: 'sh', script: 'sleep 30' });
    expect(await fake.deliver(long('a'))).toEqual({ ok: true });
    expect(await fake.deliver(long('b'))).toEqual({ ok: true });
    expect(await fake.deliver(long('c'))).toEqual({ ok: false, error: { code: 'CONFLICT', message: 'no free slot: 2 of 2 tasks running' } });
  }, TEST_TIMEOUT_MS);

  it('aborts a running task on task:cancel and reports it cancelled', async () => {
    await started();
    const t = task('slow', 'shell', { shell: 'sh', script: 'echo started; sleep 30' });
    await fake.deliver(t);
    await eventually(() => fake.logs.some((log) => log.line === 'started'), WAIT_MS, 'task started');
    const cancelledAt = Date.now();
    fake.cancel({ runId: t.runId, nodeId: t.nodeId, attempt: 1 });
    const result = await resultOf(t);
    expect(result).toMatchObject({ status: 'failed', error: { code: 'CANCELLED' } });
    expect(Date.now() - cancelledAt).toBeLessThan(WAIT_MS);
  }, TEST_TIMEOUT_MS);

  it('reports a malformed task as failed when it names its attempt, and refuses one that does not', async () => {
    await started();
    const broken = { runId: 'run_bad', nodeId: 'broken', nodeType: 'shell', agentId: fake.agentId, attempt: 3 } as unknown as NodeTask;
    expect(await fake.deliver(broken)).toEqual({ ok: true });
    const result = await resultOf({ runId: 'run_bad', nodeId: 'broken', attempt: 3 });
    expect(result).toMatchObject({ status: 'failed', runId: 'run_bad', nodeId: 'broken', agentId: fake.agentId, attempt: 3, error: { code: 'INTERNAL', retryable: false } });
    expect(result.status === 'failed' && result.error.message).toMatch(/malformed task: .*idempotencyKey/);

    const nameless = await fake.deliver({ nodeType: 'shell' } as unknown as NodeTask);
    expect(nameless).toMatchObject({ ok: false, error: { code: 'INVALID_MESSAGE', message: expect.stringContaining('runId') } });
  }, TEST_TIMEOUT_MS);

  it('keeps trying until a coordinator that starts late answers', async () => {
    const port = await freeLoopbackPort();
    await fake.stop();
    await start(configFor(`http://127.0.0.1:${port}`));
    // Two failed connection attempts at least, before anything listens there.
    await new Promise((resolve) => setTimeout(resolve, 800));
    fake = new FakeCoordinator({ enrollToken: ENROLL_TOKEN });
    await fake.start(port);
    await eventually(() => fake.registrations.length === 1, WAIT_MS, 'late registration');
  }, TEST_TIMEOUT_MS);

  it('keeps a result the coordinator did not acknowledge, says it holds that attempt, and sends it to the restarted coordinator', async () => {
    // ARRANGE: a coordinator that never acknowledges results
    await fake.stop();
    fake = new FakeCoordinator({ enrollToken: ENROLL_TOKEN, resultAck: () => undefined });
    await fake.start();
    await started();
    const t = task('unacked', 'set', { values: { kept: true } });
    await fake.deliver(t);
    await resultOf(t);
    const port = Number(new URL(fake.url).port);
    const identity = { agentId: fake.agentId, publicKey: fake.publicKey };

    // ACT: the coordinator restarts, this time acknowledging
    await fake.stop();
    fake = new FakeCoordinator({ enrollToken: ENROLL_TOKEN, identity });
    await fake.start(port);

    // ASSERT
    await eventually(() => fake.registrations.length === 1, WAIT_MS, 'registration after the restart');
    expect(fake.handshakes[0]?.auth).toMatchObject({ type: 'signature', agentId: identity.agentId });
    expect(fake.registrations[0]?.tasks).toEqual([{ runId: t.runId, nodeId: 'unacked', attempt: 1 }]);
    expect(await resultOf(t)).toMatchObject({ status: 'succeeded', output: { kept: true } });
  }, TEST_TIMEOUT_MS);

  it('enrolls again when its signature is refused, and works under its new identity', async () => {
    await started();
    const port = Number(new URL(fake.url).port);
    const oldAgentId = fake.agentId;
    await fake.stop();
    fake = new FakeCoordinator({ enrollToken: ENROLL_TOKEN });
    await fake.start(port);
    await eventually(() => fake.registrations.length === 1, WAIT_MS, 'registration with the new identity');
    expect(fake.handshakes.map((handshake) => handshake.auth.type)).toEqual(['signature', 'enroll']);
    expect(fake.agentId).not.toBe(oldAgentId);

    const t = task('newIdentity', 'set', { values: { moved: true } });
    await fake.deliver(t);
    expect(await resultOf(t)).toMatchObject({ status: 'succeeded', agentId: fake.agentId, output: { moved: true } });
    const stored = JSON.parse(await readFile(credentialFilePath(dataDir, 'test-worker'), 'utf8')) as { agentId: string };
    expect(stored.agentId).toBe(fake.agentId);
  }, TEST_TIMEOUT_MS);

  it('on stop, stops a task still running after the grace period and reports AGENT_STOPPED', async () => {
    const worker = await started(configFor(fake.url, { RH_WORKER_SHUTDOWN_GRACE_MS: '300' }));
    const t = task('long', 'shell', { shell: 'sh', script: 'echo started; sleep 30' });
    await fake.deliver(t);
    await eventually(() => fake.logs.some((log) => log.line === 'started'), WAIT_MS, 'task started');
    const stopping = Date.now();
    expect(await worker.stop()).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(WAIT_MS);
    expect(fake.resultsOf(t)).toEqual([expect.objectContaining({ status: 'failed', error: expect.objectContaining({ code: 'AGENT_STOPPED', retryable: true }) })]);
  }, TEST_TIMEOUT_MS);
});
