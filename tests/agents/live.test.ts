import type { Socket } from 'socket.io-client';
import type { AgentRecord, NodeRunRecord, RunSummary } from '@runtime-hub/protocol';
import { nextEvent, registration, startAgentsHarness, TEST_ADMIN_TOKEN, WAIT_TIMEOUT_MS, waitFor, type AgentsHarness } from './agents.harness';

const AT = '2025-03-01T08:00:00.000Z';

const summary = (id: string, workflowId = 'wf-1'): RunSummary => ({
  id,
  workflowId,
  workflowVersion: 1,
  workflowName: 'clear-temp',
  status: 'running',
  trigger: 'api',
  triggerId: null,
  priority: 50,
  waitingReason: null,
  inputs: {},
  error: null,
  parentRunId: null,
  parentNodeId: null,
  createdAt: AT,
  startedAt: AT,
  finishedAt: null,
  startedBy: null,
  cancelledBy: null,
});

const node = (runId: string, nodeId: string): NodeRunRecord => ({
  runId,
  nodeId,
  type: 'shell',
  status: 'running',
  attempt: 1,
  agentId: 'agent-1',
  waitingReason: null,
  port: null,
  output: null,
  error: null,
  queuedAt: AT,
  startedAt: AT,
  finishedAt: null,
  durationMs: null,
  tasks: [],
});

describe('/live', () => {
  let harness: AgentsHarness;
  let dashboard: Socket;

  beforeAll(async () => {
    harness = await startAgentsHarness();
    dashboard = await harness.connectDashboard(TEST_ADMIN_TOKEN);
  });

  afterAll(async () => {
    await harness?.close();
  });

  const send = (event: string, payload: unknown) => dashboard.timeout(WAIT_TIMEOUT_MS).emitWithAck(event, payload) as Promise<unknown>;

  it('refuses a dashboard without a valid API token', async () => {
    await expect(harness.connectDashboard(undefined)).rejects.toThrow(/missing token/);
    await expect(harness.connectDashboard('not-a-token')).rejects.toThrow('API token refused (unknown, revoked or expired)');
  });

  it('delivers a published node update to the run room, and only there', async () => {
    expect(await send('run:subscribe', { runId: 'run-1' })).toEqual({ ok: true });
    const other: NodeRunRecord[] = [];
    dashboard.on('node:updated', (record: NodeRunRecord) => other.push(record));
    const received = nextEvent<NodeRunRecord>(dashboard, 'node:updated');

    harness.live.nodeUpdated(node('run-2', 'list'));
    harness.live.nodeUpdated(node('run-1', 'clean'));

    expect(await received).toEqual(node('run-1', 'clean'));
    expect(other).toEqual([node('run-1', 'clean')]);
  });

  it('sends the run list every run summary once subscribed', async () => {
    expect(await send('runs:subscribe', {})).toEqual({ ok: true });
    const received = nextEvent<RunSummary>(dashboard, 'run:updated');

    harness.live.runUpdated(summary('run-9', 'wf-2'));

    expect(await received).toEqual(summary('run-9', 'wf-2'));
  });

  it('follows a subscription with the run snapshot when the run engine provides one', async () => {
    harness.engine.snapshotReader = async (runId) => (runId === 'run-3' ? { ...summary('run-3'), nodes: [node('run-3', 'clean')] } : null);
    const snapshot = nextEvent(dashboard, 'run:snapshot');

    expect(await send('run:subscribe', { runId: 'run-3' })).toEqual({ ok: true });

    expect(await snapshot).toEqual({ ...summary('run-3'), nodes: [node('run-3', 'clean')] });
  });

  it("tells the agent list of an agent's running tasks and heartbeats, as its heartbeats bring them", async () => {
    // ARRANGE: the agent list is open, an agent enrolls
    expect(await send('agents:subscribe', {})).toEqual({ ok: true });
    const updates: AgentRecord[] = [];
    dashboard.on('agent:updated', (agent: AgentRecord) => updates.push(agent));
    const { socket, ack } = await harness.enroll(registration('live-host', { concurrency: 4 }));
    const online = await waitFor(() => updates.find((agent) => agent.id === ack.agentId && agent.status === 'online'), 'the agent online');

    // ACT: heartbeats with a changing count of running tasks
    for (const runningTasks of [2, 3, 1]) socket.emit('agent:heartbeat', { at: AT, runningTasks });

    // ASSERT: the last count arrives (the ones between may be folded into it), with the heartbeat's time
    const last = await waitFor(() => updates.find((agent) => agent.id === ack.agentId && agent.runningTasks === 1), 'the last running count');
    expect(last).toMatchObject({ name: 'live-host', status: 'online', concurrency: 4 });
    expect(Date.parse(last.lastHeartbeatAt)).toBeGreaterThanOrEqual(Date.parse(online.lastHeartbeatAt));
    socket.close();
  });

  it('answers a malformed subscription with the field at fault', async () => {
    expect(await send('run:subscribe', { runId: 'a:b' })).toEqual({
      ok: false,
      error: { code: 'INVALID_MESSAGE', message: expect.stringMatching(/^run:subscribe: runId: /), issues: [{ path: ['runId'], message: expect.any(String) }] },
    });
  });

  it('never throws into the publisher, whatever it is given', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => harness.live.nodeUpdated({ ...node('run-1', 'clean'), output: cyclic })).not.toThrow();
  });
});
