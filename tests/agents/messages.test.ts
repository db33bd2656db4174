import { eq } from 'drizzle-orm';
import type { Socket } from 'socket.io-client';
import { agentMetrics, agents, runLogs } from '@runtime-hub/db';
import type { AgentError, NodeResult, RunLogRecord, TaskProgressUpdate } from '@runtime-hub/protocol';
import { nextEvent, registration, startAgentsHarness, TEST_ADMIN_TOKEN, TEST_ENROLL_TOKEN, WAIT_TIMEOUT_MS, waitFor, type AgentsHarness } from './agents.harness';

/** A small message limit keeps the oversized message of the test small too. */
const MAX_MESSAGE_BYTES = 64 * 1024;
const AT = '2025-03-01T08:00:00.000Z';

describe('/agents messages', () => {
  let harness: AgentsHarness;
  let agent: Socket;
  let agentId: string;

  beforeAll(async () => {
    harness = await startAgentsHarness({ RH_SOCKET_MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES), RH_LOG_BATCH_FLUSH_MS: '20' });
    const enrolled = await harness.enroll(registration('worker-1'));
    agent = enrolled.socket;
    agentId = enrolled.ack.agentId;
  });

  afterAll(async () => {
    await harness?.close();
  });

  const send = (socket: Socket, event: string, payload: unknown) => socket.timeout(WAIT_TIMEOUT_MS).emitWithAck(event, payload) as Promise<unknown>;

  /** The coordinator still answers this agent: a valid heartbeat is acknowledged. */
  const stillServing = async (socket: Socket) => {
    expect(await send(socket, 'agent:heartbeat', { at: AT, runningTasks: 0 })).toEqual({ ok: true });
  };

  it('answers a malformed message with agent:error and a failed ack naming the field, and keeps serving', async () => {
    const error = nextEvent<AgentError>(agent, 'agent:error');

    const ack = await send(agent, 'agent:heartbeat', { at: 'yesterday', runningTasks: -1 });

    expect(ack).toEqual({
      ok: false,
      error: { code: 'INVALID_MESSAGE', message: expect.stringMatching(/^agent:heartbeat: at: .*runningTasks: /), issues: expect.any(Array) },
    });
    expect(await error).toEqual({ code: 'INVALID_MESSAGE', message: expect.stringMatching(/^agent:heartbeat: at: /) });
    await stillServing(agent);
  });

  it('refuses a message over the size limit with agent:error, and keeps the connection', async () => {
    const error = nextEvent<AgentError>(agent, 'agent:error');
    const line = 'x'.repeat(MAX_MESSAGE_BYTES);

    agent.emit('agent:log', { runId: 'r1', nodeId: 'n1', attempt: 1, stream: 'stdout', line, at: AT });

    expect(await error).toEqual({ code: 'INVALID_MESSAGE', message: expect.stringMatching(new RegExp(`^agent:log: the message is \\d+ bytes, over the limit of ${MAX_MESSAGE_BYTES} bytes$`)) });
    expect(agent.connected).toBe(true);
    await stillServing(agent);
  });

  it('refuses unknown events and anything sent before agent:register', async () => {
    const unknown = nextEvent<AgentError>(agent, 'agent:error');
    expect(await send(agent, 'agent:shutdown-everything', {})).toEqual({ ok: false, error: { code: 'INVALID_MESSAGE', message: 'unknown event "agent:shutdown-everything"' } });
    expect(await unknown).toEqual({ code: 'INVALID_MESSAGE', message: 'unknown event "agent:shutdown-everything"' });

    const fresh = await harness.connectAgent({ enrollToken: TEST_ENROLL_TOKEN });
    const result = { status: 'succeeded', runId: 'r1', nodeId: 'n1', agentId: 'whoever', attempt: 1, startedAt: AT, finishedAt: AT, output: null };
    expect(await send(fresh, 'task:result', result)).toEqual({
      ok: false,
      error: { code: 'UNAUTHORIZED', message: 'task:result: register first (agent:register)' },
    });
    fresh.disconnect();
    await stillServing(agent);
  });

  it('has no claim message: accepting a delivered task is the claim', async () => {
    expect(await send(agent, 'task:claim', { runId: 'r1', nodeId: 'n1', attempt: 1 })).toEqual({ ok: false, error: { code: 'INVALID_MESSAGE', message: 'unknown event "task:claim"' } });
    await stillServing(agent);
  });

  it('stores log lines in run_logs and shows them, with their ids, to the run room on /live', async () => {
    await harness.insertRun('run-logs');
    const dashboard = await harness.connectDashboard(TEST_ADMIN_TOKEN);
    expect(await send(dashboard, 'run:subscribe', { runId: 'run-logs' })).toEqual({ ok: true });
    const shown: RunLogRecord[] = [];
    dashboard.on('run:log', (record: RunLogRecord) => shown.push(record));
    const progress = nextEvent<TaskProgressUpdate>(dashboard, 'task:progress');

    for (const line of ['one', 'two', 'three']) agent.emit('agent:log', { runId: 'run-logs', nodeId: 'n1', attempt: 1, stream: 'stdout', line, at: AT });
    agent.emit('task:progress', { runId: 'run-logs', nodeId: 'n1', attempt: 1, percent: 50 });

    await waitFor(() => shown.length === 3, 'three log lines on /live');
    const stored = await harness.db.select().from(runLogs).where(eq(runLogs.runId, 'run-logs')).orderBy(runLogs.id);
    expect(stored.map((row) => row.line)).toEqual(['one', 'two', 'three']);
    expect(shown).toEqual(stored.map((row) => ({ id: row.id, runId: 'run-logs', nodeId: 'n1', attempt: 1, stream: 'stdout', line: row.line, at: AT, agentId })));
    expect(await progress).toEqual({ runId: 'run-logs', nodeId: 'n1', attempt: 1, percent: 50, agentId });
    dashboard.disconnect();
  });

  it('hands results to the run engine only for the agent that sends them', async () => {
    const recorded: NodeResult[] = [];
    harness.engine.recorder = async (result) => {
      recorded.push(result);
    };
    harness.engine.ownerCheck = async (ref) => ref.nodeId === 'n1' && ref.agentId === agentId;
    const result = { status: 'succeeded', runId: 'r1', nodeId: 'n1', agentId, attempt: 1, startedAt: AT, finishedAt: AT, output: { value: 1 } };

    expect(await send(agent, 'task:result', result)).toEqual({ ok: true });
    expect(await send(agent, 'task:result', { ...result, agentId: 'other-agent' })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    // its own id, but a node the engine never gave it
    expect(await send(agent, 'task:result', { ...result, nodeId: 'n2' })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED', message: expect.stringContaining('is not assigned to agent') } });
    expect(recorded).toEqual([result]);
  });

  it('records a result sent again while its first copy waits once, and answers both copies', async () => {
    // ARRANGE: the engine holds the first copy until released
    const recorded: NodeResult[] = [];
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    harness.engine.recorder = async (result) => {
      recorded.push(result);
      await held;
    };
    harness.engine.ownerCheck = async () => true;
    const result = { status: 'succeeded', runId: 'r-again', nodeId: 'n1', agentId, attempt: 1, startedAt: AT, finishedAt: AT, output: null };
    // ACT: the copy an agent sends after a late ack
    const first = send(agent, 'task:result', result);
    await waitFor(() => recorded.length === 1, 'the first copy to reach the engine');
    const again = send(agent, 'task:result', result);
    await stillServing(agent);
    release();
    // ASSERT
    expect(await Promise.all([first, again])).toEqual([{ ok: true }, { ok: true }]);
    expect(recorded).toEqual([result]);
  });

  it('stores metric batches before acknowledging them', async () => {
    const ack = await send(agent, 'agent:metrics', { samples: [{ name: 'task_duration_ms', value: 12.5, at: AT, labels: { nodeType: 'shell' } }], dropped: 0 });
    expect(ack).toEqual({ ok: true });
    const rows = await harness.db.select().from(agentMetrics).where(eq(agentMetrics.agentId, agentId));
    expect(rows).toEqual([{ agentId, name: 'task_duration_ms', value: 12.5, at: new Date(AT), labels: { nodeType: 'shell' } }]);
  });

  it('records heartbeats in the agents table', async () => {
    const before = (await harness.db.select().from(agents).where(eq(agents.id, agentId)))[0]!.lastHeartbeatAt;
    await new Promise((resolve) => setTimeout(resolve, 10));
    await stillServing(agent);
    await waitFor(async () => (await harness.db.select().from(agents).where(eq(agents.id, agentId)))[0]!.lastHeartbeatAt > before, 'a newer last_heartbeat_at');
  });
});
