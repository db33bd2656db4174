/**
 * Where a request came from and whether it was encrypted: built-in TLS (RH_TLS_CERT /
 * RH_TLS_KEY, HTTPS and WSS on one port) makes the session cookie `Secure`, and so does
 * `X-Forwarded-Proto: https` from a trusted proxy (RH_TRUSTED_PROXIES) — from anyone else
 * that header, and `X-Forwarded-For`, are ignored. Also: a short RH_ADMIN_TOKEN stops the start.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import https from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { io } from 'socket.io-client';
import { LIVE_NAMESPACE } from '@runtime-hub/protocol';
import { createTestDatabase } from '@runtime-hub/db/src/testing/test-database';
import { runCli } from '../coordinator-api/cli.harness';
import { CSRF, bootEdgeCoordinator, signIn, SOCKET_TIMEOUT_MS, TEST_ADMIN_TOKEN, type EdgeCoordinator } from './edge.harness';

jest.setTimeout(60_000);

/** A POST over HTTPS trusting `ca`: fetch cannot be given a CA of its own. */
function postTls(url: string, ca: Buffer, body: unknown, headers: Record<string, string>): Promise<{ status: number; setCookie: string[] }> {
  return new Promise((resolve, reject) => {
    const request = https.request(url, { method: 'POST', ca, headers: { 'content-type': 'application/json', ...headers } }, (response) => {
      response.resume();
      response.on('end', () => resolve({ status: response.statusCode ?? 0, setCookie: response.headers['set-cookie'] ?? [] }));
    });
    request.on('error', reject);
    request.end(JSON.stringify(body));
  });
}

describe('built-in TLS', () => {
  let dir: string;
  let hub: EdgeCoordinator | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'rh-tls-'));
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    hub = await bootEdgeCoordinator({ RH_TRUSTED_PROXIES: '', RH_TLS_CERT: path.join(dir, 'cert.pem'), RH_TLS_KEY: path.join(dir, 'key.pem') });
  });

  afterAll(async () => {
    await hub?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves HTTPS and WSS on the port, and the session cookie is Secure', async () => {
    // ARRANGE
    const ca = await readFile(path.join(dir, 'cert.pem'));

    // ACT
    const signedIn = await postTls(`${hub!.url}/api/session`, ca, { token: TEST_ADMIN_TOKEN }, CSRF);
    const socket = io(`${hub!.url}${LIVE_NAMESPACE}`, { auth: { token: TEST_ADMIN_TOKEN }, transports: ['websocket'], reconnection: false, forceNew: true, timeout: SOCKET_TIMEOUT_MS, ca: ca.toString('utf8') });
    const connected = await new Promise<boolean>((resolve) => {
      socket.once('connect', () => resolve(true));
      socket.once('connect_error', () => resolve(false));
    });
    socket.close();

    // ASSERT
    expect(hub!.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(signedIn.status).toBe(200);
    expect(signedIn.setCookie[0]).toMatch(/^rh_session=rh_[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+; Secure$/);
    expect(connected).toBe(true);
  });
});

describe('trusted proxies', () => {
  let trusting: EdgeCoordinator | undefined;
  let untrusting: EdgeCoordinator | undefined;

  beforeAll(async () => {
    trusting = await bootEdgeCoordinator({ RH_TRUSTED_PROXIES: '127.0.0.1, ::1' });
    // Trusts a proxy range the tests are not in: their forwarded headers count for nothing.
    untrusting = await bootEdgeCoordinator({ RH_TRUSTED_PROXIES: '10.0.0.0/8', RH_RATE_LIMIT_SIGN_IN: '2' });
  });

  afterAll(async () => {
    await trusting?.close();
    await untrusting?.close();
  });

  it('X-Forwarded-Proto: https from a trusted proxy makes the cookie Secure; from anyone else it does not', async () => {
    const fromProxy = await signIn(trusting!.url, TEST_ADMIN_TOKEN, undefined);
    const viaProxy = await fetch(`${trusting!.url}/api/session`, {
      method: 'POST',
      headers: { ...CSRF, 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ token: TEST_ADMIN_TOKEN }),
    });
    const spoofed = await fetch(`${untrusting!.url}/api/session`, {
      method: 'POST',
      headers: { ...CSRF, 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ token: TEST_ADMIN_TOKEN }),
    });

    expect(fromProxy.result.headers.get('set-cookie')).not.toMatch(/Secure/);
    expect(viaProxy.headers.get('set-cookie')).toMatch(/; Secure$/);
    expect(spoofed.status).toBe(200);
    expect(spoofed.headers.get('set-cookie')).not.toMatch(/Secure/);
  });

  it('X-Forwarded-For from an untrusted peer does not change the address the rate limit counts', async () => {
    // ARRANGE: two failures, each claiming another address
    const wrong = () => `rh_${randomBytes(32).toString('base64url')}`;
    expect((await signIn(untrusting!.url, wrong(), '198.51.100.1')).result.status).toBe(401);
    expect((await signIn(untrusting!.url, wrong(), '198.51.100.2')).result.status).toBe(401);

    // ACT
    const third = (await signIn(untrusting!.url, TEST_ADMIN_TOKEN, '198.51.100.3')).result;

    // ASSERT
    expect(third.status).toBe(429);
    expect(third.body.error?.message).toMatch(/from address 127\.0\.0\.1/);
  });
});

describe('RH_ADMIN_TOKEN', () => {
  it('shorter than 32 characters stops the start with a message naming it, never the token', async () => {
    // ARRANGE
    const database = await createTestDatabase();
    try {
      // ACT
      const run = runCli(['coordinator'], { DATABASE_URL: database.url, RH_PORT: '0', RH_ADMIN_TOKEN: 'tiny-secret', RH_LOG_LEVEL: 'info' });
      const finished = await run.finished;

      // ASSERT
      expect(finished.code).not.toBe(0);
      expect(finished.stderr).toMatch(/RH_ADMIN_TOKEN: must be at least 32 characters \(it has 11\)/);
      expect(finished.stderr + finished.stdout).not.toContain('tiny-secret');
      expect(finished.stdout).not.toMatch(/coordinator listening/);
    } finally {
      await database.drop();
    }
  });
});
