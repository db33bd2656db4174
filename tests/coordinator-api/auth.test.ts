import { startCoordinator } from '@runtime-hub/coordinator';
import { bootTestCoordinator, TEST_ADMIN_TOKEN, TEST_REDIS_URL, uniqueQueuePrefix, wrapCoordinator, type TestCoordinator } from './coordinator.harness';

interface TokenInfo {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

describe('coordinator API: authentication', () => {
  let hub: TestCoordinator & { database: { url: string } };

  beforeAll(async () => {
    hub = await bootTestCoordinator();
  });

  afterAll(async () => {
    await hub?.close();
  });

  it('answers 401 with the error shape without a valid token', async () => {
    // ACT
    const missing = await hub.request<{ error: { code: string; message: string } }>('GET', '/api/workflows', { token: null });
    const wrong = await hub.request<{ error: { code: string; message: string } }>('GET', '/api/workflows', { token: 'rh_not-a-real-token' });
    const upperCasePath = await hub.request('GET', '/API/WORKFLOWS', { token: null });

    // ASSERT
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe('UNAUTHORIZED');
    expect(missing.body.error.message).toMatch(/Authorization: Bearer/);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('UNAUTHORIZED');
    expect(upperCasePath.status).toBe(401);
  });

  it('leaves /health, /metrics and the API description open', async () => {
    // ACT
    const health = await hub.request<{ status: string }>('GET', '/health', { token: null });
    const metrics = await hub.request('GET', '/metrics', { token: null });
    const docs = await hub.request('GET', '/api/docs/json', { token: null });

    // ASSERT
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');
    expect(metrics.status).toBe(200);
    expect(docs.status).toBe(200);
  });

  it('creates a token shown once, lists it without its value, and revokes it', async () => {
    // ACT
    const created = await hub.request<TokenInfo & { token: string }>('POST', '/api/tokens', { body: { name: 'ci' } });
    const withNewToken = await hub.request('GET', '/api/workflows', { token: created.body.token });
    const listed = await hub.request<{ items: TokenInfo[] }>('GET', '/api/tokens');
    const revoked = await hub.request<TokenInfo>('DELETE', `/api/tokens/${created.body.id}`, { token: created.body.token });
    const afterRevoke = await hub.request('GET', '/api/workflows', { token: created.body.token });
    const revokedAgain = await hub.request<TokenInfo>('DELETE', `/api/tokens/${created.body.id}`);
    const unknown = await hub.request<{ error: { code: string } }>('DELETE', '/api/tokens/no-such-token');
    const nameless = await hub.request<{ error: { code: string; message: string } }>('POST', '/api/tokens', { body: { name: '  ' } });

    // ASSERT
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^rh_[A-Za-z0-9_-]{43}$/);
    expect(withNewToken.status).toBe(200);
    const entry = listed.body.items.find((item) => item.id === created.body.id);
    expect(entry).toMatchObject({ name: 'ci', revokedAt: null, lastUsedAt: expect.any(String) });
    expect(JSON.stringify(listed.body)).not.toContain(created.body.token);
    expect(listed.body.items.map((item) => item.name)).toContain('admin (RH_ADMIN_TOKEN)');
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    expect(afterRevoke.status).toBe(401);
    expect(revokedAgain.body.revokedAt).toBe(revoked.body.revokedAt);
    expect(unknown.status).toBe(404);
    expect(nameless.status).toBe(400);
    expect(nameless.body.error.message).toMatch(/body\.name/);
  });

  it('bootstraps RH_ADMIN_TOKEN idempotently across restarts', async () => {
    // ARRANGE: a second coordinator on the same database, same admin token
    const second = wrapCoordinator(
      await startCoordinator({
        RH_PORT: '0',
        DATABASE_URL: hub.database.url,
        REDIS_URL: TEST_REDIS_URL,
        RH_QUEUE_PREFIX: uniqueQueuePrefix(),
        RH_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
        RH_LOG_LEVEL: 'silent',
      }),
    );
    try {
      // ACT
      const tokens = await second.request<{ items: TokenInfo[] }>('GET', '/api/tokens');

      // ASSERT
      expect(tokens.status).toBe(200);
      expect(tokens.body.items.filter((item) => item.name === 'admin (RH_ADMIN_TOKEN)')).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});
