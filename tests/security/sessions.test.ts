/**
 * Revoking a token ends everything derived from it, over REST and `/live`:
 *
 *   root token T ── session A (signed in with T) ── session B (signed in with A's token)
 *                        └─ token M (minted by A) ── token N (minted by M)
 *
 * and no session can mint a token that outlives it.
 */
import { Client } from 'pg';
import type { Socket } from 'socket.io-client';
import { LIVE_NAMESPACE } from '@runtime-hub/protocol';
import { CSRF, bootEdgeCoordinator, call, connectSocket, disconnected, refusalOf, signIn, within, EVENTUALLY_MS, TEST_ADMIN_TOKEN, type EdgeCoordinator } from './edge.harness';

interface TokenInfo {
  id: string;
  name: string;
  token: string;
  expiresAt: string | null;
  parentId: string | null;
  revokedAt: string | null;
}

jest.setTimeout(60_000);

/**
 * The periodic check of open `/live` connections is left out of the way here (an hour), so
 * what closes them is the check at revocation or at their next message; the last test runs a
 * coordinator with a short period for connections that only listen.
 */
const RECHECK_OUT_OF_THE_WAY_MS = '3600000';
const RECHECK_SHORT_MS = '300';

let hub: EdgeCoordinator;
const sockets: Socket[] = [];

beforeAll(async () => {
  hub = await bootEdgeCoordinator({ RH_LIVE_AUTH_RECHECK_MS: RECHECK_OUT_OF_THE_WAY_MS });
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  await hub?.close();
});

/** Revokes a token the way another replica would: in the database, unseen by this process. */
async function revokeElsewhere(databaseUrl: string, tokenId: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('update api_tokens set revoked_at = now() where id = $1', [tokenId]);
  } finally {
    await client.end();
  }
}

async function rootToken(name: string): Promise<TokenInfo> {
  const created = await call(hub.url, 'POST', '/api/tokens', { token: TEST_ADMIN_TOKEN, body: { name } });
  expect(created.status).toBe(201);
  return created.body as unknown as TokenInfo;
}

/** A session signed in with `token`: its cookie and its own token. */
async function session(token: string): Promise<{ cookie: string; token: string; expiresAt: string }> {
  const { result, cookie, sessionToken } = await signIn(hub.url, token);
  expect(result.status).toBe(200);
  return { cookie: cookie!, token: sessionToken!, expiresAt: result.body.expiresAt as string };
}

async function status(token: string): Promise<number> {
  return (await call(hub.url, 'GET', '/api/workflows', { token })).status;
}

/** Builds the whole tree from a new root token. */
async function tree(name: string) {
  const root = await rootToken(name);
  const a = await session(root.token);
  const b = await session(a.token);
  const minted = await call(hub.url, 'POST', '/api/tokens', { cookie: a.cookie, headers: CSRF, body: { name: `${name}-m` } });
  expect(minted.status).toBe(201);
  const m = minted.body as unknown as TokenInfo;
  const second = await call(hub.url, 'POST', '/api/tokens', { token: m.token, body: { name: `${name}-n` } });
  expect(second.status).toBe(201);
  const n = second.body as unknown as TokenInfo;
  return { root, a, b, m, n };
}

async function liveWith(token: string): Promise<Socket> {
  const socket = await connectSocket(hub.url, LIVE_NAMESPACE, { auth: { token } });
  sockets.push(socket);
  return socket;
}

describe('token revocation', () => {
  it('ends every session signed in with the token, sessions chained from them and tokens they minted, over REST and /live', async () => {
    // ARRANGE
    const { root, a, b, m, n } = await tree('cascade');
    for (const token of [root.token, a.token, b.token, m.token, n.token]) expect(await status(token)).toBe(200);
    const liveB = await liveWith(b.token);
    const liveN = await liveWith(n.token);
    const endedB = disconnected(liveB);
    const endedN = disconnected(liveN);

    // ACT
    const revoked = await call(hub.url, 'DELETE', `/api/tokens/${root.id}`, { token: TEST_ADMIN_TOKEN });

    // ASSERT
    expect(revoked.status).toBe(200);
    for (const token of [root.token, a.token, b.token, m.token, n.token]) expect(await status(token)).toBe(401);
    expect((await call(hub.url, 'GET', '/api/session', { cookie: b.cookie })).status).toBe(401);
    expect(await within(endedB, EVENTUALLY_MS, 'the /live connection of session B to close')).toBe('io server disconnect');
    expect(await within(endedN, EVENTUALLY_MS, 'the /live connection of token N to close')).toBe('io server disconnect');
    expect((await refusalOf(connectSocket(hub.url, LIVE_NAMESPACE, { auth: { token: b.token } }))).message).toMatch(/API token refused/);
    const listed = (await call(hub.url, 'GET', '/api/tokens', { token: TEST_ADMIN_TOKEN })).body.items as TokenInfo[];
    const byId = new Map(listed.map((item) => [item.id, item]));
    expect([m.id, n.id].map((id) => byId.get(id)?.revokedAt)).toEqual([expect.any(String), expect.any(String)]);
    expect((await signIn(hub.url, a.token)).result.status).toBe(401);
    expect(await status(TEST_ADMIN_TOKEN)).toBe(200);
  });

  it('signing out of a session ends the sessions chained from it and what it minted, and leaves its root alone', async () => {
    // ARRANGE
    const { root, a, b, m, n } = await tree('sign-out');

    // ACT
    const out = await call(hub.url, 'DELETE', '/api/session', { cookie: a.cookie, headers: CSRF });

    // ASSERT
    expect(out.status).toBe(204);
    for (const token of [a.token, b.token, m.token, n.token]) expect(await status(token)).toBe(401);
    expect(await status(root.token)).toBe(200);
  });

  it('a /live message after a revocation made elsewhere is refused and its connection closed', async () => {
    // ARRANGE
    const root = await rootToken('live-message');
    const a = await session(root.token);
    const live = await liveWith(a.token);
    expect(await live.timeout(EVENTUALLY_MS).emitWithAck('agents:subscribe', {})).toEqual({ ok: true });
    const ended = disconnected(live);
    await revokeElsewhere(hub.database.url, root.id);

    // ACT
    const ack = await live.timeout(EVENTUALLY_MS).emitWithAck('agents:subscribe', {});

    // ASSERT
    expect(ack).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED', message: expect.stringMatching(/revoked or expired/) } });
    expect(await within(ended, EVENTUALLY_MS, 'the connection to close')).toBe('io server disconnect');
  });

  it('a /live connection that only listens is closed by the periodic check after a revocation made elsewhere', async () => {
    // ARRANGE
    const other = await bootEdgeCoordinator({ RH_LIVE_AUTH_RECHECK_MS: RECHECK_SHORT_MS });
    try {
      const created = await call(other.url, 'POST', '/api/tokens', { token: TEST_ADMIN_TOKEN, body: { name: 'listener' } });
      const root = created.body as unknown as TokenInfo;
      const { sessionToken } = await signIn(other.url, root.token);
      const live = await connectSocket(other.url, LIVE_NAMESPACE, { auth: { token: sessionToken! } });
      sockets.push(live);
      const ended = disconnected(live);

      // ACT
      await revokeElsewhere(other.database.url, root.id);

      // ASSERT
      expect(await within(ended, EVENTUALLY_MS, 'the periodic check to close the connection')).toBe('io server disconnect');
    } finally {
      await other.close();
    }
  });
});

describe('tokens minted by a session', () => {
  it('never outlive the session: they end when it does, by default and when asked for longer', async () => {
    // ARRANGE
    const root = await rootToken('mint');
    const a = await session(root.token);

    // ACT
    const byDefault = await call(hub.url, 'POST', '/api/tokens', { cookie: a.cookie, headers: CSRF, body: { name: 'from-session' } });
    const longer = await call(hub.url, 'POST', '/api/tokens', {
      cookie: a.cookie,
      headers: CSRF,
      body: { name: 'forever', expiresAt: new Date(Date.parse(a.expiresAt) + 60_000).toISOString() },
    });
    const shorter = await call(hub.url, 'POST', '/api/tokens', { cookie: a.cookie, headers: CSRF, body: { name: 'short', expiresAt: new Date(Date.now() + 60_000).toISOString() } });
    const chained = await call(hub.url, 'POST', '/api/tokens', { token: (byDefault.body as unknown as TokenInfo).token, body: { name: 'grandchild' } });
    const fromRoot = await call(hub.url, 'POST', '/api/tokens', { token: root.token, body: { name: 'ci' } });

    // ASSERT
    expect(byDefault.status).toBe(201);
    const minted = byDefault.body as unknown as TokenInfo;
    expect(minted.expiresAt).not.toBeNull();
    expect(Date.parse(minted.expiresAt!)).toBeLessThanOrEqual(Date.parse(a.expiresAt));
    expect(minted.parentId).not.toBeNull();
    expect(longer.status).toBe(400);
    expect(longer.body.error!.message).toMatch(/body\.expiresAt: must not be later than/);
    expect(shorter.status).toBe(201);
    expect(Date.parse((shorter.body as unknown as TokenInfo).expiresAt!)).toBeLessThan(Date.parse(a.expiresAt));
    expect(chained.status).toBe(201);
    expect(Date.parse((chained.body as unknown as TokenInfo).expiresAt!)).toBeLessThanOrEqual(Date.parse(minted.expiresAt!));
    expect(fromRoot.status).toBe(201);
    expect(fromRoot.body).toMatchObject({ expiresAt: null, parentId: null });
  });

  it('a token past its expiry is refused, by bearer and on /live', async () => {
    // ARRANGE
    const expiresAt = new Date(Date.now() + 1_500).toISOString();
    const created = await call(hub.url, 'POST', '/api/tokens', { token: TEST_ADMIN_TOKEN, body: { name: 'brief', expiresAt } });
    expect(created.status).toBe(201);
    const brief = created.body as unknown as TokenInfo;
    expect(await status(brief.token)).toBe(200);

    // ACT
    await new Promise((resolve) => setTimeout(resolve, Date.parse(expiresAt) - Date.now() + 100));

    // ASSERT
    expect(await status(brief.token)).toBe(401);
    expect((await refusalOf(connectSocket(hub.url, LIVE_NAMESPACE, { auth: { token: brief.token } }))).message).toMatch(/API token refused/);
  });
});
