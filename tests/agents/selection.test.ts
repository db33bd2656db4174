import type { Socket } from 'socket.io-client';
import { eq } from 'drizzle-orm';
import { agents } from '@runtime-hub/db';
import type { AgentSelectionRequest } from '../../apps/coordinator/src/agents/agents.ports';
import { registration, startAgentsHarness, waitFor, type AgentsHarness } from './agents.harness';

/**
 * The fleet of these tests:
 *
 *   win-a   [windows, finance]  shell:powershell, file, desktop (session unlocked)
 *   win-b   [windows, finance]  shell:powershell, file
 *   win-c   [windows]           shell:cmd
 *   py-1    [linux]             python              (python agent)
 *   gone-1  [windows]           shell:powershell    (enrolled, then lost)
 */
describe('agent selection over connected agents', () => {
  let harness: AgentsHarness;
  const ids: Record<string, string> = {};
  const sockets: Socket[] = [];

  const select = (fields: Partial<AgentSelectionRequest>) =>
    harness.directory.select({ target: undefined, capabilities: [], agentKind: 'worker', ...fields });

  beforeAll(async () => {
    harness = await startAgentsHarness({ RH_AGENT_DISCONNECT_GRACE_MS: '50' });
    const fleet = [
      registration('win-a', { labels: ['windows', 'finance'], capabilities: ['shell:powershell', 'file', 'desktop'], session: 'unlocked' }),
      registration('win-b', { labels: ['windows', 'finance'], capabilities: ['shell:powershell', 'file'] }),
      registration('win-c', { labels: ['windows'], capabilities: ['shell:cmd'] }),
      registration('py-1', { kind: 'python', labels: ['linux'], capabilities: ['python'] }),
      registration('gone-1', { labels: ['windows'], capabilities: ['shell:powershell'] }),
    ];
    for (const agent of fleet) {
      const { socket, ack } = await harness.enroll(agent);
      ids[agent.name] = ack.agentId;
      sockets.push(socket);
    }
    const lost: string[] = [];
    harness.lifecycle.onAgentLost((agentId) => lost.push(agentId));
    sockets.pop()!.disconnect();
    await waitFor(() => lost.includes(ids['gone-1']!), 'gone-1 lost after its disconnect grace');
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('picks an agent by name or id', async () => {
    expect(await select({ target: { agent: 'win-c' } })).toEqual({ kind: 'agents', agents: [{ id: ids['win-c'], name: 'win-c' }] });
    expect(await select({ target: { agent: ids['win-b']! } })).toEqual({ kind: 'agents', agents: [{ id: ids['win-b'], name: 'win-b' }] });
  });

  it('picks the least-loaded labelled agent, and spreads dispatches over the matches', async () => {
    const first = await select({ target: { labels: ['windows', 'finance'] } });
    expect(first).toEqual({ kind: 'agents', agents: [{ id: ids['win-a'], name: 'win-a' }] });

    await harness.dispatcher.dispatch({
      runId: 'run-1',
      nodeId: 'clean',
      nodeType: 'shell',
      agentId: ids['win-a']!,
      attempt: 1,
      idempotencyKey: 'run-1:clean',
      config: { shell: 'powershell', script: 'exit 0' },
      timeoutMs: 1_000,
      inputs: {},
      upstream: {},
    });
    expect(await select({ target: { labels: ['windows', 'finance'] } })).toEqual({ kind: 'agents', agents: [{ id: ids['win-b'], name: 'win-b' }] });
  });

  it('fans out to every labelled agent with the capabilities, by name', async () => {
    expect(await select({ target: { labels: ['windows'], each: true } })).toEqual({
      kind: 'agents',
      agents: ['win-a', 'win-b', 'win-c'].map((name) => ({ id: ids[name], name })),
    });
    expect(await select({ target: { labels: ['windows'], each: true }, capabilities: ['shell:powershell', 'desktop'] })).toEqual({
      kind: 'agents',
      agents: [{ id: ids['win-a'], name: 'win-a' }],
    });
  });

  it('avoids the agent that just lost a task when another one matches', async () => {
    // win-b is the least loaded (win-a has a queued task), but it is to be avoided.
    expect(await select({ target: { labels: ['finance'] }, avoid: [ids['win-b']!] })).toEqual({ kind: 'agents', agents: [{ id: ids['win-a'], name: 'win-a' }] });
    expect(await select({ target: { labels: ['windows'] }, capabilities: ['shell:cmd'], avoid: [ids['win-c']!] })).toEqual({
      kind: 'agents',
      agents: [{ id: ids['win-c'], name: 'win-c' }],
    });
  });

  it('says why a node has to wait', async () => {
    const reasons = await Promise.all([
      select({ target: { labels: ['windows', 'hr'] } }),
      select({ target: { agent: 'gone-1' } }),
      select({ target: { labels: ['windows'] }, capabilities: ['shell:bash'] }),
      select({ agentKind: 'python', target: { labels: ['gpu'] } }),
      select({ target: { agent: 'never-enrolled' } }),
    ]);
    expect(reasons).toEqual([
      { kind: 'waiting', reason: 'no online agent matches labels [windows, hr]' },
      { kind: 'waiting', reason: 'agent "gone-1" is offline' },
      { kind: 'waiting', reason: 'no online agent has capability shell:bash (labels [windows])' },
      { kind: 'waiting', reason: 'no online python agent matches labels [gpu]' },
      { kind: 'waiting', reason: 'no agent "never-enrolled" is enrolled' },
    ]);
    expect(await select({ agentKind: 'python' })).toEqual({ kind: 'agents', agents: [{ id: ids['py-1'], name: 'py-1' }] });
  });

  it('keeps the lost agent in the table as offline', async () => {
    const status = async () => (await harness.db.select().from(agents).where(eq(agents.id, ids['gone-1']!)))[0]?.status;
    await waitFor(async () => (await status()) === 'offline', 'gone-1 offline in the agents table');
    expect(await status()).toBe('offline');
  });
});
