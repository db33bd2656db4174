/**
 * Failed authentications are limited per source address and per token or agent, in counters
 * every coordinator replica shares through Redis: sign-in, bearer and cookie requests, the
 * `/live` handshake, enrollment and signed agent handshakes. The tests speak for several
 * addresses through X-Forwarded-For, the coordinator trusting 127.0.0.1 as its proxy.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { AGENTS_NAMESPACE, LIVE_NAMESPACE } from '@runtime-hub/protocol';
import { createTestDatabase } from '@runtime-hub/db/src/testing/test-database';
import { generateAgentKeyPair, signHandshake } from '../../apps/worker-windows/src/agent-key';
import { runCli, stop, waitForListening, type CliRun } from '../coordinator-api/cli.harness';
import { ENROLL_TOKEN, WorkerProcess } from '../e2e/e2e.harness';
import { RedisServer } from '../faults/fault-processes';
import {
  bootEdgeCoordinator,
  call,
  connectSocket,
  eventually,
  refusalOf,
  signIn,
  TEST_ADMIN_TOKEN,
  TEST_REDIS_URL,
  uniqueQueuePrefix,
  type EdgeCoordinator,
} from './edge.harness';

jest.setTimeout(60_000);

const LIMIT = 4;
const WINDOW_MS = 60_000;

let hub: EdgeCoordinator;

beforeAll(async () => {
  hub = await bootEdgeCoordinator({
    RH_ENROLL_TOKEN: ENROLL_TOKEN,
    RH_RATE_LIMIT_WINDOW_MS: String(WINDOW_MS),
    RH_RATE_LIMIT_SIGN_IN: String(LIMIT),
    RH_RATE_LIMIT_API_AUTH: String(LIMIT),
    RH_RATE_LIMIT_ENROLL: String(LIMIT),
    RH_RATE_LIMIT_AGENT_AUTH: String(LIMIT),
  });
});

afterAll(async () => {
  await hub?.close();
});

let lastHost = 0;

/** A documentation address (RFC 5737) no other attempt of this file used: a new one each call. */
function address(): string {
  lastHost += 1;
  if (lastHost > 254) throw new Error('rate-limits.test.ts ran out of addresses in 198.51.100.0/24');
  return `198.51.100.${lastHost}`;
}

function wrongToken(): string {
  return `rh_${randomBytes(32).toString('base64url')}`;
}

describe('sign-in', () => {
  it('answers the attempt after the limit 429 with Retry-After and the limit named, whatever the token; another address signs in', async () => {
    // ARRANGE
    const attacker = address();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < LIMIT; attempt += 1) statuses.push((await signIn(hub.url, wrongToken(), attacker)).result.status);

    // ACT
    const over = (await signIn(hub.url, wrongToken(), attacker)).result;
    const rightTokenSameAddress = (await signIn(hub.url, TEST_ADMIN_TOKEN, attacker)).result;
    const otherAddress = (await signIn(hub.url, TEST_ADMIN_TOKEN, '203.0.113.9')).result;

    // ASSERT
    expect(statuses).toEqual(Array(LIMIT).fill(401));
    expect(over.status).toBe(429);
    const retryAfter = Number(over.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_MS / 1000);
    expect(over.body.error).toMatchObject({
      code: 'RATE_LIMITED',
      message: expect.stringContaining(`from address ${attacker}`),
      details: { limit: 'signIn', variable: 'RH_RATE_LIMIT_SIGN_IN', over: 'address' },
    });
    expect(rightTokenSameAddress.status).toBe(429);
    expect(otherAddress.status).toBe(200);
  });

  it('limits one token tried from many addresses', async () => {
    // ARRANGE
    const token = wrongToken();
    for (let attempt = 0; attempt < LIMIT; attempt += 1) expect((await signIn(hub.url, token, address())).result.status).toBe(401);

    // ACT
    const over = (await signIn(hub.url, token, '203.0.113.77')).result;

    // ASSERT
    expect(over.status).toBe(429);
    expect(over.body.error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('for this token'), details: { over: 'subject' } });
  });
});

describe('requests with a refused token', () => {
  it('are limited per address by bearer and by cookie; valid tokens from elsewhere are not', async () => {
    // ARRANGE
    const attacker = address();
    for (let attempt = 0; attempt < LIMIT - 1; attempt += 1) expect((await call(hub.url, 'GET', '/api/workflows', { token: wrongToken(), from: attacker })).status).toBe(401);
    expect((await call(hub.url, 'GET', '/api/workflows', { cookie: `rh_session=${wrongToken()}`, from: attacker })).status).toBe(401);

    // ACT
    const over = await call(hub.url, 'GET', '/api/workflows', { token: TEST_ADMIN_TOKEN, from: attacker });
    const elsewhere = await call(hub.url, 'GET', '/api/workflows', { token: TEST_ADMIN_TOKEN, from: '203.0.113.10' });

    // ASSERT
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(over.body.error).toMatchObject({ code: 'RATE_LIMITED', details: { limit: 'apiAuth', variable: 'RH_RATE_LIMIT_API_AUTH' } });
    expect(elsewhere.status).toBe(200);
  });

  it('are limited on the /live handshake with a connect error RATE_LIMITED', async () => {
    // ARRANGE
    const attacker = address();
    for (let attempt = 0; attempt < LIMIT; attempt += 1) {
      expect((await refusalOf(connectSocket(hub.url, LIVE_NAMESPACE, { auth: { token: wrongToken() }, from: attacker }))).data?.code).toBe('AUTH_FAILED');
    }

    // ACT
    const over = await refusalOf(connectSocket(hub.url, LIVE_NAMESPACE, { auth: { token: TEST_ADMIN_TOKEN }, from: attacker }));

    // ASSERT
    expect(over.data).toEqual({ code: 'RATE_LIMITED', retryAfterMs: expect.any(Number) });
    expect(over.message).toMatch(/too many requests with a refused token/);
  });
});

describe('agent handshakes', () => {
  it('wrong enroll tokens from one address end in RATE_LIMITED, with the wait; the next address enrolls', async () => {
    // ARRANGE
    const attacker = address();
    const codes: Array<string | undefined> = [];
    for (let attempt = 0; attempt < LIMIT; attempt += 1) {
      codes.push((await refusalOf(connectSocket(hub.url, AGENTS_NAMESPACE, { auth: { enrollToken: `rhe_${randomBytes(16).toString('hex')}` }, from: attacker }))).data?.code);
    }

    // ACT
    const over = await refusalOf(connectSocket(hub.url, AGENTS_NAMESPACE, { auth: { enrollToken: ENROLL_TOKEN }, from: attacker }));
    const other = await connectSocket(hub.url, AGENTS_NAMESPACE, { auth: { enrollToken: ENROLL_TOKEN }, from: '203.0.113.11' });

    // ASSERT
    expect(codes).toEqual(Array(LIMIT).fill('ENROLL_TOKEN_REFUSED'));
    expect(over.data?.code).toBe('RATE_LIMITED');
    expect(over.data?.retryAfterMs).toBeGreaterThan(0);
    expect(over.data?.retryAfterMs).toBeLessThanOrEqual(WINDOW_MS);
    expect(over.message).toMatch(/too many refused enrollments from address/);
    expect(other.connected).toBe(true);
    other.close();
  });

  it('bad signatures for one agent id, from any addresses, end in RATE_LIMITED for that agent', async () => {
    // ARRANGE
    const agentId = `agent-${randomBytes(4).toString('hex')}`;
    const forger = generateAgentKeyPair();
    for (let attempt = 0; attempt < LIMIT; attempt += 1) {
      const refusal = await refusalOf(connectSocket(hub.url, AGENTS_NAMESPACE, { auth: { ...signHandshake(forger.privateKeyPem, agentId) }, from: address() }));
      expect(refusal.data?.code).toBe('AUTH_FAILED');
    }

    // ACT
    const over = await refusalOf(connectSocket(hub.url, AGENTS_NAMESPACE, { auth: { ...signHandshake(forger.privateKeyPem, agentId) }, from: '203.0.113.12' }));

    // ASSERT
    expect(over.data?.code).toBe('RATE_LIMITED');
    expect(over.message).toMatch(/too many refused agent handshakes for this agent/);
  });
});

describe('across replicas', () => {
  let runs: CliRun[] = [];
  let database: Awaited<ReturnType<typeof createTestDatabase>>;

  afterAll(async () => {
    for (const run of runs) await stop(run);
    await database?.drop();
  });

  it('two coordinator processes on one Redis count the same failures, and log the refusal with the address', async () => {
    // ARRANGE
    database = await createTestDatabase();
    const env = {
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      RH_QUEUE_PREFIX: uniqueQueuePrefix(),
      RH_PORT: '0',
      RH_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      RH_LOG_LEVEL: 'info',
      RH_RATE_LIMIT_SIGN_IN: String(LIMIT),
    };
    runs = [runCli(['coordinator'], env), runCli(['coordinator'], env)];
    const [first, second] = await Promise.all(runs.map(waitForListening));
    const half = LIMIT / 2;

    // ACT
    const statuses: number[] = [];
    for (let attempt = 0; attempt < half; attempt += 1) statuses.push((await signIn(first!, wrongToken())).result.status);
    for (let attempt = 0; attempt < half; attempt += 1) statuses.push((await signIn(second!, wrongToken())).result.status);
    const overOnFirst = (await signIn(first!, TEST_ADMIN_TOKEN)).result;
    const overOnSecond = (await signIn(second!, TEST_ADMIN_TOKEN)).result;

    // ASSERT
    expect(statuses).toEqual(Array(LIMIT).fill(401));
    expect(overOnFirst.status).toBe(429);
    expect(overOnSecond.status).toBe(429);
    const logged = runs.map((run) => run.stdout()).join('\n');
    const line = logged.split('\n').find((text) => text.includes('"msg":"rate limit reached'));
    expect(line).toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({ level: 40, limit: 'signIn', address: '127.0.0.1', variable: 'RH_RATE_LIMIT_SIGN_IN' });
  });
});

describe('a worker agent', () => {
  /** Long enough for a worker process to start while its address is still refused. */
  const SHORT_WINDOW_MS = 15_000;
  let limited: EdgeCoordinator;
  let worker: WorkerProcess | undefined;
  let dataDir: string;

  afterAll(async () => {
    await worker?.stop();
    await limited?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('waits out RATE_LIMITED, as long as it was told, and enrolls after the window instead of giving up', async () => {
    // ARRANGE: 127.0.0.1 spends its refused enrollments; the worker comes from there too.
    limited = await bootEdgeCoordinator({ RH_TRUSTED_PROXIES: '', RH_ENROLL_TOKEN: ENROLL_TOKEN, RH_RATE_LIMIT_ENROLL: '2', RH_RATE_LIMIT_WINDOW_MS: String(SHORT_WINDOW_MS) });
    for (let attempt = 0; attempt < 2; attempt += 1) await refusalOf(connectSocket(limited.url, AGENTS_NAMESPACE, { auth: { enrollToken: 'rhe_wrong' } }));
    dataDir = await mkdtemp(path.join(tmpdir(), 'rh-rate-limited-worker-'));

    // ACT
    worker = new WorkerProcess('rate-limited-worker', dataDir, limited.url);
    worker.start();

    // ASSERT
    await eventually(() => worker!.output.includes('RATE_LIMITED') || !worker!.running, 'the worker to be refused', SHORT_WINDOW_MS * 2);
    expect(worker.running).toBe(true);
    const online = await eventually(
      async () => {
        const agents = (await call(limited.url, 'GET', '/api/agents', { token: TEST_ADMIN_TOKEN })).body as unknown as Array<{ name: string; status: string }>;
        return agents.find((agent) => agent.name === 'rate-limited-worker' && agent.status === 'online') ?? (worker!.running ? undefined : 'exited');
      },
      'the worker to enroll after the window',
      SHORT_WINDOW_MS * 3,
    );
    expect(online).toMatchObject({ status: 'online' });
    // It waited as told instead of knocking again and again during the window.
    expect(worker.output.match(/"code":"RATE_LIMITED"/g)).toHaveLength(1);
  }, 120_000);
});

describe('while Redis is unreachable', () => {
  let redis: RedisServer | undefined;
  let alone: EdgeCoordinator | undefined;

  afterAll(async () => {
    // Redis back first: the coordinator's queues close cleanly only with it.
    await redis?.start();
    await alone?.close();
    await redis?.close();
  });

  it('sign-in and enrollment fail closed with 503 / UNAVAILABLE; token checks still count, on this replica', async () => {
    // ARRANGE
    redis = await RedisServer.start();
    alone = await bootEdgeCoordinator({ REDIS_URL: redis.url, RH_ENROLL_TOKEN: ENROLL_TOKEN, RH_RATE_LIMIT_API_AUTH: String(LIMIT) });
    await redis.stop();

    // ACT
    const signInAttempt = (await signIn(alone.url, TEST_ADMIN_TOKEN)).result;
    const enrollment = await refusalOf(connectSocket(alone.url, AGENTS_NAMESPACE, { auth: { enrollToken: ENROLL_TOKEN } }));
    const valid = await call(alone.url, 'GET', '/api/workflows', { token: TEST_ADMIN_TOKEN });
    const attacker = address();
    const refused: number[] = [];
    for (let attempt = 0; attempt < LIMIT; attempt += 1) refused.push((await call(alone.url, 'GET', '/api/workflows', { token: wrongToken(), from: attacker })).status);
    const over = await call(alone.url, 'GET', '/api/workflows', { token: TEST_ADMIN_TOKEN, from: attacker });

    // ASSERT
    expect(signInAttempt.status).toBe(503);
    expect(signInAttempt.body.error).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/Redis unreachable/), details: { limit: 'signIn' } });
    expect(enrollment.data?.code).toBe('UNAVAILABLE');
    expect(valid.status).toBe(200);
    expect(refused).toEqual(Array(LIMIT).fill(401));
    expect(over.status).toBe(429);
    expect((await call(alone.url, 'GET', '/health')).status).toBe(200);
  });
});
