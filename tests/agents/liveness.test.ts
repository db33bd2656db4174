import { eq } from 'drizzle-orm';
import { agents } from '@runtime-hub/db';
import { registration, startAgentsHarness, WAIT_TIMEOUT_MS, waitFor, type AgentsHarness } from './agents.harness';

/** Short thresholds keep the test fast; the sweep runs at a third of OFFLINE_AFTER_MS. */
const OFFLINE_AFTER_MS = 300;
const AT = '2025-03-01T08:00:00.000Z';

describe('agent liveness', () => {
  let harness: AgentsHarness;

  beforeAll(async () => {
    harness = await startAgentsHarness({ RH_AGENT_OFFLINE_AFTER_MS: String(OFFLINE_AFTER_MS), RH_AGENT_DISCONNECT_GRACE_MS: '60000' });
  });

  afterAll(async () => {
    await harness?.close();
  });

  const status = async (agentId: string) => (await harness.db.select().from(agents).where(eq(agents.id, agentId)))[0]?.status;

  it('keeps a heartbeating agent online and loses a silent one: offline, onAgentLost, disconnected', async () => {
    // ARRANGE: two agents; only "steady" keeps heartbeating
    const lost: string[] = [];
    const online: string[] = [];
    harness.lifecycle.onAgentLost((agentId) => lost.push(agentId));
    harness.lifecycle.onAgentOnline((agentId) => online.push(agentId));
    const steady = await harness.enroll(registration('steady'));
    const silent = await harness.enroll(registration('silent'));
    expect(online).toEqual([steady.ack.agentId, silent.ack.agentId]);
    const beat = setInterval(() => steady.socket.emit('agent:heartbeat', { at: AT, runningTasks: 0 }), OFFLINE_AFTER_MS / 4);

    try {
      // ACT: wait past the threshold for the silent one
      await waitFor(() => lost.includes(silent.ack.agentId), 'the silent agent to be lost', WAIT_TIMEOUT_MS);
      await waitFor(() => !silent.socket.connected, 'the silent agent to be disconnected');

      // ASSERT
      await waitFor(async () => (await status(silent.ack.agentId)) === 'offline', 'the silent agent offline in the table');
      expect(lost).toEqual([silent.ack.agentId]);
      expect(await status(steady.ack.agentId)).toBe('online');
      expect(await harness.directory.select({ target: { agent: 'silent' }, capabilities: [], agentKind: 'worker' })).toEqual({
        kind: 'waiting',
        reason: 'agent "silent" is offline',
      });
    } finally {
      clearInterval(beat);
    }
  });

  it('brings a lost agent back online when it registers again', async () => {
    const { socket, ack, key } = await harness.enroll(registration('returning'));
    const lost: string[] = [];
    harness.lifecycle.onAgentLost((agentId) => lost.push(agentId));
    await waitFor(() => lost.includes(ack.agentId), 'the agent to be lost');
    socket.disconnect();

    const again = await harness.connectSigned(ack.agentId, key);
    await again.timeout(WAIT_TIMEOUT_MS).emitWithAck('agent:register', registration('returning'));

    expect(await status(ack.agentId)).toBe('online');
    again.disconnect();
  });
});
