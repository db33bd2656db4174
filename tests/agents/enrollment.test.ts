import { eq } from 'drizzle-orm';
import { agents } from '@runtime-hub/db';
import { type AgentRecord, type CreatedEnrollToken, type EnrollTokenRecord, type RegisterAck } from '@runtime-hub/protocol';
import { signHandshake } from '../../apps/worker-windows/src/agent-key';
import { registration, startAgentsHarness, TEST_ADMIN_TOKEN, TEST_ENROLL_TOKEN, WAIT_TIMEOUT_MS, nextEvent, type AgentsHarness } from './agents.harness';

describe('/agents enrollment and registration', () => {
  let harness: AgentsHarness;

  beforeAll(async () => {
    harness = await startAgentsHarness();
  });

  afterAll(async () => {
    await harness?.close();
  });

  const api = async <T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${harness.url}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    return { status: response.status, body: (await response.json()) as T };
  };

  it('enrolls with a public key, stores only that, and accepts a signed handshake on the next connection', async () => {
    // ARRANGE / ACT: first connection, with the enrollment token and a new key
    const { socket: first, ack, key } = await harness.enroll(registration('host-1', { labels: ['windows'], capabilities: ['shell:powershell'] }));

    // ASSERT: its id and the heartbeat interval, no secret and no queue credential; the public key stored
    expect(ack).toEqual({
      ok: true,
      agentId: expect.any(String),
      heartbeatIntervalMs: harness.config.agents.heartbeatIntervalMs,
      labels: ['windows'],
    });
    const [row] = await harness.db.select().from(agents).where(eq(agents.id, ack.agentId));
    expect(row).toMatchObject({ name: 'host-1', status: 'online', labels: ['windows'], publicKey: key.publicKey, credentialHash: null });
    first.disconnect();

    // ACT: the same agent comes back, signing in with its key
    const second = await harness.connectSigned(ack.agentId, key);
    const again = (await second.timeout(WAIT_TIMEOUT_MS).emitWithAck('agent:register', registration('host-1', { version: '0.2.0' }))) as RegisterAck;

    // ASSERT: same identity, the new declaration stored
    expect(again).toMatchObject({ ok: true, agentId: ack.agentId });
    const listed = await api<AgentRecord[]>('/api/agents');
    expect(listed.body.find((agent) => agent.id === ack.agentId)).toMatchObject({ name: 'host-1', status: 'online', version: '0.2.0', runningTasks: 0 });
    second.disconnect();
  });

  it('refuses a forged signature, a replayed handshake and a stale timestamp, saying which', async () => {
    const { socket, ack, key } = await harness.enroll(registration('host-sig'));
    socket.disconnect();
    const other = await harness.enroll(registration('host-sig-other'));
    other.socket.disconnect();

    await expect(harness.connectSigned(ack.agentId, other.key)).rejects.toThrow('signature does not verify');
    const signed = signHandshake(key.privateKeyPem, ack.agentId);
    (await harness.connectAgent({ ...signed })).disconnect();
    await expect(harness.connectAgent({ ...signed })).rejects.toThrow('handshake nonce already used');
    const stale = signHandshake(key.privateKeyPem, ack.agentId, Date.now() - harness.config.agents.authMaxSkewMs - 60_000);
    await expect(harness.connectAgent({ ...stale })).rejects.toThrow(/off this coordinator's clock/);
    await expect(harness.connectAgent({ ...signHandshake(key.privateKeyPem, 'no-such-agent') })).rejects.toThrow('unknown agent "no-such-agent"');
  });

  it('refuses a wrong enroll token and a missing auth, saying which', async () => {
    await expect(harness.connectAgent({ enrollToken: 'not-the-token' })).rejects.toThrow('enroll token refused: unknown token');
    await expect(harness.connectAgent({ type: 'enroll', enrollToken: `${TEST_ENROLL_TOKEN}x` })).rejects.toThrow('enroll token refused');
    await expect(harness.connectAgent(undefined)).rejects.toThrow(/agentId/);
  });

  it('creates, lists and revokes enroll tokens; the secret is shown once and stored hashed', async () => {
    const created = await api<CreatedEnrollToken>('/api/enroll-tokens', { method: 'POST', body: { labels: ['windows', 'finance'], expiresInMs: 3_600_000, maxUses: 10 } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ labels: ['windows', 'finance'], maxUses: 10, uses: 0, state: 'usable', revokedAt: null, token: expect.stringMatching(/^rhe_/) });

    // Declared labels are not granted by declaring them: only the token's count.
    const { socket, ack } = await harness.enroll(registration('host-labelled', { labels: ['windows', 'gpu', 'prod'] }), created.body.token);
    expect(ack.labels).toEqual(['windows', 'finance']);
    expect((await api<AgentRecord>(`/api/agents/${ack.agentId}`)).body.labels).toEqual(['windows', 'finance']);
    socket.disconnect();

    const listed = await api<EnrollTokenRecord[]>('/api/enroll-tokens');
    expect(listed.body.find((token) => token.id === created.body.id)).toEqual(expect.objectContaining({ uses: 1, state: 'usable' }));
    expect(JSON.stringify(listed.body)).not.toContain(created.body.token);

    const revoked = await api<EnrollTokenRecord>(`/api/enroll-tokens/${created.body.id}`, { method: 'DELETE' });
    expect(revoked).toEqual({ status: 200, body: expect.objectContaining({ state: 'revoked', revokedAt: expect.any(String) }) });
    expect((await api(`/api/enroll-tokens/no-such-token`, { method: 'DELETE' })).status).toBe(404);
    expect((await api('/api/enroll-tokens', { method: 'POST', body: { maxUses: 0 } })).status).toBe(400);
  });

  it('refuses a second online agent with the same name', async () => {
    const { socket: holder } = await harness.enroll(registration('host-3'));
    const intruder = await harness.connectAgent({ enrollToken: TEST_ENROLL_TOKEN });
    const error = nextEvent<{ code: string; message: string }>(intruder, 'agent:error');

    const ack = (await intruder.timeout(WAIT_TIMEOUT_MS).emitWithAck('agent:register', registration('host-3'))) as RegisterAck;

    expect(ack).toEqual({ ok: false, error: { code: 'CONFLICT', message: 'an agent named "host-3" is already online' } });
    expect(await error).toEqual({ code: 'DUPLICATE_NAME', message: 'an agent named "host-3" is already online' });
    holder.disconnect();
    intruder.disconnect();
  });

  it('never lets an enrollment take over an existing agent, online, offline or revoked', async () => {
    // ARRANGE: an agent that enrolled and went away
    const original = await harness.enroll(registration('host-owned'));
    original.socket.disconnect();
    const token = await api<CreatedEnrollToken>('/api/enroll-tokens', { method: 'POST', body: { labels: ['rogue'], maxUses: 5 } });

    // ACT: someone with any enroll token enrolls under its name
    const intruder = await harness.connectAgent({ enrollToken: token.body.token });
    const refusal = nextEvent<{ code: string; message: string }>(intruder, 'agent:error');
    const ack = (await intruder.timeout(WAIT_TIMEOUT_MS).emitWithAck('agent:register', registration('host-owned', { labels: ['finance', 'prod'] }))) as RegisterAck;

    // ASSERT: refused, naming the holder; the original still signs in with its key
    expect(ack).toEqual({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining(`belongs to agent ${original.ack.agentId} (`) } });
    expect((await refusal).code).toBe('NAME_TAKEN');
    const back = await harness.connectSigned(original.ack.agentId, original.key);
    expect(await back.timeout(WAIT_TIMEOUT_MS).emitWithAck('agent:register', registration('host-owned'))).toMatchObject({ ok: true, agentId: original.ack.agentId });
    back.disconnect();
    intruder.disconnect();
  });

  it('lets only an administrator bring a revoked agent back, set its labels, or free its name', async () => {
    // ARRANGE
    const enrolled = await harness.enroll(registration('host-admin', { labels: ['before'] }));
    enrolled.socket.disconnect();
    await api(`/api/agents/${enrolled.ack.agentId}/revoke`, { method: 'POST' });
    await expect(harness.connectSigned(enrolled.ack.agentId, enrolled.key)).rejects.toThrow('is revoked');

    // ACT / ASSERT: restore, then its key works again
    const restored = await api<AgentRecord>(`/api/agents/${enrolled.ack.agentId}/restore`, { method: 'POST' });
    expect(restored.body.status).toBe('offline');
    const back = await harness.connectSigned(enrolled.ack.agentId, enrolled.key);
    const again = (await back.timeout(WAIT_TIMEOUT_MS).emitWithAck('agent:register', registration('host-admin', { labels: ['declared-later'] }))) as RegisterAck;
    expect(again).toMatchObject({ ok: true, labels: ['before'] });

    // ACT / ASSERT: labels are set by an administrator; a registration does not change them
    const labelled = await api<AgentRecord>(`/api/agents/${enrolled.ack.agentId}/labels`, { method: 'PUT', body: { labels: ['windows', 'finance'] } });
    expect(labelled.body.labels).toEqual(['windows', 'finance']);
    expect((await api(`/api/agents/${enrolled.ack.agentId}/labels`, { method: 'PUT', body: { labels: [''] } })).status).toBe(400);

    // ACT / ASSERT: an online agent cannot be removed; a revoked one can, and its name is free again
    expect((await api(`/api/agents/${enrolled.ack.agentId}`, { method: 'DELETE' })).status).toBe(409);
    await api(`/api/agents/${enrolled.ack.agentId}/revoke`, { method: 'POST' });
    expect((await api(`/api/agents/${enrolled.ack.agentId}`, { method: 'DELETE' })).status).toBe(200);
    back.disconnect();
    const fresh = await harness.enroll(registration('host-admin'));
    expect(fresh.ack.agentId).not.toBe(enrolled.ack.agentId);
    fresh.socket.disconnect();

    // ASSERT: each administrator's act is in the audit log, attributed to the token that did it
    const audit = await api<{ items: Array<{ action: string; actorName: string }> }>(`/api/audit?target=${encodeURIComponent(`agent:${enrolled.ack.agentId}`)}`);
    expect(audit.body.items.map((entry) => entry.action).reverse()).toEqual(['agents.revoke', 'agents.restore', 'agents.labels', 'agents.revoke', 'agents.delete']);
    expect(audit.body.items.every((entry) => entry.actorName === 'admin (RH_ADMIN_TOKEN)')).toBe(true);
  });

  it('answers 404 naming an unknown agent', async () => {
    const response = await api<{ error: { code: string; message: string } }>('/api/agents/host-404');
    expect(response).toEqual({ status: 404, body: { error: expect.objectContaining({ code: 'NOT_FOUND', message: 'agent "host-404" not found' }) } });
  });

  it('refuses the shared enroll token when the coordinator has none configured', async () => {
    const closed = await startAgentsHarness({ RH_ENROLL_TOKEN: '' });
    try {
      await expect(closed.connectAgent({ enrollToken: TEST_ENROLL_TOKEN })).rejects.toThrow('enroll token refused');
    } finally {
      await closed.close();
    }
  });
});
