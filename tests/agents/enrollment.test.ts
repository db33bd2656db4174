import { eq } from 'drizzle-orm';
import { agents } from '@runtime-hub/db';
import { agentQueueName, RESULTS_QUEUE, type AgentRecord, type RegisterAck } from '@runtime-hub/protocol';
import { hashCredential } from '../../apps/coordinator/src/agents/agent-credentials';
import { registration, startAgentsHarness, TEST_ADMIN_TOKEN, TEST_ENROLL_TOKEN, WAIT_TIMEOUT_MS, nextEvent, type AgentsHarness } from './agents.harness';

describe('/agents enrollment and registration', () => {
  let harness: AgentsHarness;

  beforeAll(async () => {
    harness = await startAgentsHarness();
  });

  afterAll(async () => {
    await harness?.close();
  });

  const api = async <T>(path: string): Promise<{ status: number; body: T }> => {
    const response = await fetch(`${harness.url}${path}`, { headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}` } });
    return { status: response.status, body: (await response.json()) as T };
  };

  it('enrolls with the enroll token, issues a credential once, and accepts it on the next connection', async () => {
    // ARRANGE / ACT: first connection, with the enrollment token
    const { socket: first, ack } = await harness.enroll(registration('host-1', { labels: ['windows'], capabilities: ['shell:powershell'] }));

    // ASSERT: a credential, the agent's queue, the heartbeat interval; only the hash is stored
    expect(ack).toEqual({
      ok: true,
      agentId: expect.any(String),
      credential: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      heartbeatIntervalMs: harness.config.agents.heartbeatIntervalMs,
      queue: { name: agentQueueName(ack.agentId), prefix: harness.config.redis.queuePrefix, redisUrl: harness.config.redis.url, resultsQueue: RESULTS_QUEUE },
    });
    const [row] = await harness.db.select().from(agents).where(eq(agents.id, ack.agentId));
    expect(row).toMatchObject({ name: 'host-1', status: 'online', labels: ['windows'], credentialHash: hashCredential(ack.credential!) });
    first.disconnect();

    // ACT: the same agent comes back with its credential
    const second = await harness.connectAgent({ agentId: ack.agentId, credential: ack.credential });
    const again = (await second.timeout(WAIT_TIMEOUT_MS).emitWithAck('agent:register', registration('host-1', { version: '0.2.0' }))) as RegisterAck;

    // ASSERT: same identity, no new credential, the new declaration stored
    expect(again).toMatchObject({ ok: true, agentId: ack.agentId });
    expect(again).not.toHaveProperty('credential');
    const listed = await api<AgentRecord[]>('/api/agents');
    expect(listed.status).toBe(200);
    expect(listed.body.find((agent) => agent.id === ack.agentId)).toMatchObject({ name: 'host-1', status: 'online', version: '0.2.0', runningTasks: 0 });
    second.disconnect();
  });

  it('refuses a wrong enroll token, a wrong credential and a missing auth, saying which', async () => {
    await expect(harness.connectAgent({ enrollToken: 'not-the-token' })).rejects.toThrow('enroll token refused');
    await expect(harness.connectAgent({ type: 'enroll', enrollToken: `${TEST_ENROLL_TOKEN}x` })).rejects.toThrow('enroll token refused');

    const { socket, ack } = await harness.enroll(registration('host-2'));
    socket.disconnect();
    await expect(harness.connectAgent({ agentId: ack.agentId, credential: 'forged' })).rejects.toThrow('unknown agent or wrong credential');
    await expect(harness.connectAgent({ agentId: 'no-such-agent', credential: ack.credential })).rejects.toThrow('unknown agent or wrong credential');
    await expect(harness.connectAgent(undefined)).rejects.toThrow(/agentId/);
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

  it('answers 404 naming an unknown agent', async () => {
    const response = await api<{ error: { code: string; message: string } }>('/api/agents/host-404');
    expect(response).toEqual({ status: 404, body: { error: expect.objectContaining({ code: 'NOT_FOUND', message: 'agent "host-404" not found' }) } });
  });

  it('refuses the enroll token when the coordinator has none configured', async () => {
    const closed = await startAgentsHarness({ RH_ENROLL_TOKEN: '' });
    try {
      await expect(closed.connectAgent({ enrollToken: TEST_ENROLL_TOKEN })).rejects.toThrow('enroll token refused');
    } finally {
      await closed.close();
    }
  });
});
