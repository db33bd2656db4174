/**
 * The dashboard's session over HTTP and `/live`, as the browser uses it, with the edges a
 * browser test does not reach: CSRF refusals, an expired session, sign-out revoking the
 * session token, a cross-origin `/live` handshake, and the SPA fallback next to the API.
 */
import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { startCoordinator, type RunningCoordinator } from '@runtime-hub/coordinator';
import { createTestDatabase, type TestDatabase } from '@runtime-hub/db/src/testing/test-database';
import { ensureDashboardBuilt } from '../../apps/cli/src/up/dashboard-build';

const ADMIN_TOKEN = 'session-admin-token-0123456789abcde';
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const CSRF = { 'x-requested-with': 'runtime-hub' };
/** Bounds of the waits in this file. */
const BOOT_TIMEOUT_MS = 60_000;
const SOCKET_TIMEOUT_MS = 5_000;

let coordinator: RunningCoordinator;
let database: TestDatabase;

beforeAll(async () => {
  await ensureDashboardBuilt(() => undefined);
  database = await createTestDatabase();
  coordinator = await startCoordinator({
    ...process.env,
    RH_PORT: '0',
    DATABASE_URL: database.url,
    REDIS_URL,
    RH_QUEUE_PREFIX: `rh-session-${randomBytes(6).toString('hex')}`,
    RH_ADMIN_TOKEN: ADMIN_TOKEN,
    RH_LOG_LEVEL: 'silent',
  });
}, BOOT_TIMEOUT_MS);

afterAll(async () => {
  await coordinator?.close();
  await database?.drop();
}, BOOT_TIMEOUT_MS);

async function call(method: string, path: string, options: { cookie?: string; headers?: Record<string, string>; body?: unknown } = {}) {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.cookie) headers.cookie = options.cookie;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${coordinator.url}${path}`, { method, headers, ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as Record<string, unknown> & { error?: { code: string; message: string } } };
}

/** Signs in and returns the `Cookie` header value the browser would send. */
async function signIn(token = ADMIN_TOKEN): Promise<string> {
  const response = await call('POST', '/api/session', { headers: CSRF, body: { token } });
  expect(response.status).toBe(200);
  const setCookie = response.headers.get('set-cookie') ?? '';
  return setCookie.split(';')[0]!;
}

function connectLive(headers: Record<string, string>): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(`${coordinator.url}/live`, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: headers, timeout: SOCKET_TIMEOUT_MS });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

describe('dashboard session', () => {
  it('trades an API token for an HttpOnly, SameSite=Strict cookie holding a different token', async () => {
    const response = await call('POST', '/api/session', { headers: CSRF, body: { token: ADMIN_TOKEN } });
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(response.status).toBe(200);
    expect(cookie).toMatch(/^rh_session=rh_[A-Za-z0-9_-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=43200$/);
    expect(cookie).not.toContain(ADMIN_TOKEN);
    expect(response.body).toEqual({ name: 'admin (RH_ADMIN_TOKEN)', expiresAt: expect.any(String), role: 'admin', permissions: expect.arrayContaining(['runs.read', 'users.manage']), user: null });
  });

  it('refuses a wrong token, and a sign-in without the CSRF header', async () => {
    expect((await call('POST', '/api/session', { headers: CSRF, body: { token: 'rh_nope' } })).status).toBe(401);
    const forged = await call('POST', '/api/session', { body: { token: ADMIN_TOKEN } });
    expect(forged.status).toBe(403);
    expect(forged.body.error?.code).toBe('CSRF');
  });

  it('authenticates API calls by cookie, and asks state-changing ones for the CSRF header', async () => {
    const cookie = await signIn();
    expect((await call('GET', '/api/workflows', { cookie })).status).toBe(200);
    expect((await call('GET', '/api/session', { cookie })).body).toMatchObject({ name: 'admin (RH_ADMIN_TOKEN)' });

    const definition = { schemaVersion: 1, name: 'by-cookie', nodes: [{ id: 'a', type: 'set', config: { values: {} } }] };
    const forged = await call('POST', '/api/workflows', { cookie, body: { definition } });
    expect(forged.status).toBe(403);
    expect(forged.body.error?.code).toBe('CSRF');
    const created = await call('POST', '/api/workflows', { cookie, headers: CSRF, body: { definition } });
    expect(created.status).toBe(201);
    const version = await call('GET', `/api/workflows/${String(created.body.id)}`, { cookie });
    // Recorded under the name of the token the session was opened with.
    expect(version.body.createdBy).toBe('admin (RH_ADMIN_TOKEN)');
  });

  it('signs out: the session token is revoked and the cookie cleared', async () => {
    const cookie = await signIn();
    const out = await call('DELETE', '/api/session', { cookie, headers: CSRF });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^rh_session=; .*Max-Age=0/);
    expect((await call('GET', '/api/workflows', { cookie })).status).toBe(401);
  });

  it('refuses a session past its lifetime, by cookie and by bearer alike', async () => {
    const created = await call('POST', '/api/tokens', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` }, body: { name: 'session:2000-01-01T00:00:00.000Z admin' } });
    const token = String(created.body.token);
    const byCookie = await call('GET', '/api/workflows', { cookie: `rh_session=${token}` });
    expect(byCookie.status).toBe(401);
    expect(byCookie.body.error?.message).toMatch(/session has ended/);
    expect((await call('GET', '/api/workflows', { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
  });

  it('lets /live connect with the session cookie from the same origin only', async () => {
    const cookie = await signIn();
    const host = new URL(coordinator.url).host;
    const socket = await connectLive({ cookie, origin: coordinator.url });
    const ack = await new Promise((resolve) => socket.emit('runs:subscribe', {}, resolve));
    expect(ack).toEqual({ ok: true });
    socket.close();

    await expect(connectLive({ cookie, origin: 'http://evil.example' })).rejects.toThrow(/missing token/);
    await expect(connectLive({ cookie: 'rh_session=rh_forged', origin: `http://${host}` })).rejects.toThrow(/missing token/);
  });

  it('serves the dashboard for its pages and leaves the API, health and metrics alone', async () => {
    const page = await call('GET', '/runs/some-run', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(String(page.body)).toContain('<div id="root"></div>');
    expect(page.headers.get('cache-control')).toBe('no-cache');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect((await call('GET', '/api/nothing-here', { headers: { accept: 'text/html' } })).status).toBe(404);
    expect((await call('GET', '/health')).status).toBe(200);
  });
});
