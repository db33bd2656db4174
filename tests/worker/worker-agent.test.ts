/**
 * The worker agent in one process against a stand-in coordinator (fake-coordinator.ts, the
 * `/agents` wire contract) and a real Redis with a BullMQ prefix of its own: enrollment and
 * the stored credential, pulling its queue, claiming, running real executors, results on the
 * results queue under the task's job id, log lines, cancel, refused claims, malformed tasks,
 * reconnecting to a coordinator that starts late, and handing tasks back on shutdown.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import pino from 'pino';
import { idempotencyKey, taskJobId, type NodeResult, type NodeTask } from '@runtime-hub/protocol';
import { agentSignatureValid } from '../../apps/coordinator/src/agents/agent-credentials';
import { credentialFilePath } from '../../apps/worker-windows/src/credential-store';
import { startWorker, type RunningWorker } from '../../apps/worker-windows/src/main';
import { loadWorkerConfig, type WorkerConfig } from '../../apps/worker-windows/src/worker.config';
import { freeLoopbackPort } from '../../apps/cli/src/up/redis-probe';
import { eventually, FakeCoordinator } from './fake-coordinator';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ENROLL_TOKEN = 'test-enroll-token';
/** Upper bound of every wait in this file: generous for a loaded CI host, far below jest's timeout. */
const WAIT_MS = 15_000;
/** Each test's own bound: jest's default of 5 s is meant for unit specs. */
const TEST_TIMEOUT_MS = 3 * WAIT_MS;

describe('worker agent against a stand-in coordinator', () => {
  let prefix: string;
  let dataDir: string;
  let fake: FakeCoordinator;
  let redis: IORedis;
  let results: Queue;
  let tasks: Queue;
  const workers: RunningWorker[] = [];

  function configFor(url: string, extra: Record<string, string> = {}): WorkerConfig {
    return loadWorkerConfig(
      { url, enrollToken: ENROLL_TOKEN, name: 'test-worker', labels: 'test,linux', concurrency: '2' },
      { RH_DATA_DIR: dataDir, RH_LOG_LEVEL: 'silent', PATH: process.env.PATH, REDIS_URL, ...extra },
      { hostname: 'test-host', cwd: process.cwd() },
    );
  }

  async function start(config: WorkerConfig = configFor(fake.url)): Promise<RunningWorker> {
    const worker = await startWorker(config, { logger: pino({ level: 'silent' }) });
    workers.push(worker);
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
      idempotencyKey: idempotencyKey(runId, nodeId, attempt),
      config,
      timeoutMs: 20_000,
      inputs: {},
      upstream: {},
    };
  }

  async function dispatch(t: NodeTask): Promise<string> {
    const jobId = taskJobId(t.runId, t.nodeId, t.agentId, t.attempt);
    await tasks.add(t.nodeType, t, { jobId, attempts: 1 });
    return jobId;
  }

  async function resultOf(jobId: string): Promise<NodeResult> {
    const job = await eventually(() => results.getJob(jobId), WAIT_MS, `result ${jobId}`);
    return job.data as NodeResult;
  }

  beforeEach(async () => {
    prefix = `rh-test-worker-${Math.random().toString(36).slice(2, 10)}`;
    dataDir = await mkdtemp(path.join(tmpdir(), 'rh-worker-'));
    fake = new FakeCoordinator({ enrollToken: ENROLL_TOKEN, prefix, redisUrl: REDIS_URL });
    await fake.start();
    redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: null });
    results = new Queue('results', { connection: redis, prefix });
    tasks = new Queue(fake.queueName, { connection: redis, prefix });
  });

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop()));
    await fake.stop();
    await results.close();
    await tasks.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
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
    expect(fake.registrations[0]?.capabilities).toEqual(expect.arrayContaining(['process', 'file', 'http', 'tcp', 'shell:sh']));

    await first.stop();
    await start(configFor(fake.url, {}));
    await eventually(() => fake.registrations.length === 2, WAIT_MS, 'second registration');
    const signed = fake.handshakes[1]?.auth as { type: string; agentId: string; timestampMs: number; nonce: string; signature: string };
    expect(signed).toEqual({ type: 'signature', agentId: fake.agentId, timestampMs: expect.any(Number), nonce: expect.any(String), signature: expect.any(String) });
    expect(agentSignatureValid(key.publicKey, signed, signed.signature)).toBe(true);
  }, TEST_TIMEOUT_MS);

  it('heartbeats and touches worker.alive', async () => {
    await start();
    await eventually(() => fake.heartbeats.length >= 2, WAIT_MS, 'two heartbeats');
    const alive = await stat(path.join(dataDir, 'worker.alive'));
    expect(Date.now() - alive.mtimeMs).toBeLessThan(WAIT_MS);
    expect(fake.heartbeats[0]).toEqual({ at: expect.any(String), runningTasks: 0, session: 'none' });
  }, TEST_TIMEOUT_MS);

  it('claims, runs a shell task, streams its lines and adds the result under the task job id', async () => {
    await start();
    await eventually(() => fake.registrations.length === 1, WAIT_MS, 'registration');
    const t = task('hello', 'shell', { shell: 'sh', script: 'echo hello; echo oops >&2' });
    const jobId = await dispatch(t);
    const result = await resultOf(jobId);
    expect(result).toMatchObject({ status: 'succeeded', runId: t.runId, nodeId: 'hello', agentId: fake.agentId, attempt: 1 });
    expect(result.status === 'succeeded' && result.output).toMatchObject({ exitCode: 0, stdout: 'hello\n', stderr: 'oops\n' });
    expect(fake.claims).toEqual([{ runId: t.runId, nodeId: 'hello', attempt: 1 }]);
    await eventually(() => fake.logs.some((log) => log.stream === 'stdout' && log.line === 'hello'), WAIT_MS, 'stdout line');
    expect(fake.logs.find((log) => log.stream === 'stderr')).toMatchObject({ runId: t.runId, nodeId: 'hello', attempt: 1, line: 'oops' });
    await eventually(async () => (await tasks.getJob(jobId)) === undefined || (await tasks.getJobState(jobId)) === 'completed', WAIT_MS, 'task job completed');
  }, TEST_TIMEOUT_MS);

  it('does not run a task whose claim is refused, and sends no result', async () => {
    await fake.stop();
    fake = new FakeCoordinator({ enrollToken: ENROLL_TOKEN, prefix, redisUrl: REDIS_URL, claim: () => ({ ok: false, reason: 'run cancelled' }) });
    await fake.start();
    tasks = new Queue(fake.queueName, { connection: redis, prefix });
    await start();
    const marker = path.join(dataDir, 'ran');
    const jobId = await dispatch(task('never', 'shell', { shell: 'sh', script: `touch ${marker}` }));
    await eventually(async () => (await tasks.getJobState(jobId)) === 'completed', WAIT_MS, 'job completed');
    expect(await results.getJob(jobId)).toBeUndefined();
    await expect(stat(marker)).rejects.toMatchObject({ code: 'ENOENT' });
  }, TEST_TIMEOUT_MS);

  it('aborts a running task on task:cancel and reports it cancelled', async () => {
    await start();
    const t = task('slow', 'shell', { shell: 'sh', script: 'echo started; sleep 30' });
    const jobId = await dispatch(t);
    await eventually(() => fake.logs.some((log) => log.line === 'started'), WAIT_MS, 'task started');
    const cancelledAt = Date.now();
    fake.cancel({ runId: t.runId, nodeId: t.nodeId, attempt: 1 });
    const result = await resultOf(jobId);
    expect(result).toMatchObject({ status: 'failed', error: { code: 'CANCELLED' } });
    expect(Date.now() - cancelledAt).toBeLessThan(WAIT_MS);
  }, TEST_TIMEOUT_MS);

  it('reports a malformed task as failed when its job id names the attempt', async () => {
    await start();
    const jobId = taskJobId('run_bad', 'broken', fake.agentId, 3);
    await tasks.add('shell', { runId: 'run_bad', nodeId: 'broken', nodeType: 'shell' }, { jobId });
    const result = await resultOf(jobId);
    expect(result).toMatchObject({
      status: 'failed',
      runId: 'run_bad',
      nodeId: 'broken',
      agentId: fake.agentId,
      attempt: 3,
      error: { code: 'INTERNAL', retryable: false },
    });
    expect(result.status === 'failed' && result.error.message).toMatch(/malformed task: .*agentId/);
  }, TEST_TIMEOUT_MS);

  it('keeps trying until a coordinator that starts late answers', async () => {
    const port = await freeLoopbackPort();
    await fake.stop();
    await start(configFor(`http://127.0.0.1:${port}`));
    // Two failed connection attempts at least, before anything listens there.
    await new Promise((resolve) => setTimeout(resolve, 800));
    fake = new FakeCoordinator({ enrollToken: ENROLL_TOKEN, prefix, redisUrl: REDIS_URL });
    await fake.start(port);
    await eventually(() => fake.registrations.length === 1, WAIT_MS, 'late registration');
  }, TEST_TIMEOUT_MS);

  it('registers again after the coordinator restarts, signing in with its key, and keeps running tasks', async () => {
    await start();
    await eventually(() => fake.registrations.length === 1, WAIT_MS, 'registration');
    const port = Number(new URL(fake.url).port);
    const identity = { agentId: fake.agentId, publicKey: fake.publicKey };
    await fake.stop();
    fake = new FakeCoordinator({ enrollToken: ENROLL_TOKEN, prefix, redisUrl: REDIS_URL, identity });
    await fake.start(port);
    await eventually(() => fake.registrations.length === 1, WAIT_MS, 'registration after the restart');
    expect(fake.handshakes[0]?.auth).toMatchObject({ type: 'signature', agentId: identity.agentId });

    const jobId = await dispatch(task('afterRestart', 'set', { values: { again: true } }));
    expect(await resultOf(jobId)).toMatchObject({ status: 'succeeded', output: { again: true } });
  }, TEST_TIMEOUT_MS);

  it('enrolls again when its signature is refused, and moves to the queue of its new identity', async () => {
    await start();
    await eventually(() => fake.registrations.length === 1, WAIT_MS, 'registration');
    const port = Number(new URL(fake.url).port);
    const oldAgentId = fake.agentId;
    await fake.stop();
    fake = new FakeCoordinator({ enrollToken: ENROLL_TOKEN, prefix, redisUrl: REDIS_URL });
    await fake.start(port);
    await tasks.close();
    tasks = new Queue(fake.queueName, { connection: redis, prefix });
    await eventually(() => fake.registrations.length === 1, WAIT_MS, 'registration with the new identity');
    expect(fake.handshakes.map((handshake) => handshake.auth.type)).toEqual(['signature', 'enroll']);
    expect(fake.agentId).not.toBe(oldAgentId);

    const jobId = await dispatch(task('newQueue', 'set', { values: { moved: true } }));
    expect(await resultOf(jobId)).toMatchObject({ status: 'succeeded', agentId: fake.agentId, output: { moved: true } });
    const stored = JSON.parse(await readFile(credentialFilePath(dataDir, 'test-worker'), 'utf8')) as { agentId: string };
    expect(stored.agentId).toBe(fake.agentId);
  }, TEST_TIMEOUT_MS);

  it('on stop hands a task still running after the grace period back to its queue, without a result', async () => {
    const worker = await start(configFor(fake.url, { RH_WORKER_SHUTDOWN_GRACE_MS: '300' }));
    const t = task('long', 'shell', { shell: 'sh', script: 'echo started; sleep 30' });
    const jobId = await dispatch(t);
    await eventually(() => fake.logs.some((log) => log.line === 'started'), WAIT_MS, 'task started');
    const stopping = Date.now();
    expect(await worker.stop()).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(WAIT_MS);
    expect(['wait', 'waiting', 'prioritized']).toContain(await tasks.getJobState(jobId));
    expect(await results.getJob(jobId)).toBeUndefined();
  }, TEST_TIMEOUT_MS);
});
