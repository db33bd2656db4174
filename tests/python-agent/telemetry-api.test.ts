/**
 * The coordinator's side of Python agents, driven by a socket.io-client standing in for the
 * agent (so every message is exact): the metrics and traces REST API (filters, limits, 400
 * and 404, OpenAPI), drop counts recorded as a metric, metric batches streamed to `/live`,
 * periodic pruning past the retention, oversized and malformed messages refused, and a
 * `task:result` sent twice — acknowledged both times, recorded once.
 */
import { io, type Socket } from 'socket.io-client';
import {
  AGENTS_NAMESPACE,
  LIVE_NAMESPACE,
  type AgentMetric,
  type AgentMetricsUpdate,
  type AgentTrace,
  type NodeResult,
  type NodeTask,
  type RegisterAck,
  type RunRecord,
} from '@runtime-hub/protocol';
import { DROPPED_METRIC_NAME } from '../../apps/coordinator/src/agents/agent-telemetry.writer';
import { registration, waitFor } from '../agents/agents.harness';
import { bootTestCoordinator, deleteQueuePrefixKeys, TEST_ADMIN_TOKEN, uniqueQueuePrefix, type TestCoordinator } from '../coordinator-api/coordinator.harness';

const ENROLL_TOKEN = 'telemetry-enroll-token';
/** Telemetry older than an hour is past its retention here; pruning runs every 200 ms. */
const RETENTION_MS = 60 * 60 * 1_000;
const PRUNE_INTERVAL_MS = 200;
/** How long acks, live events and pruning may take. */
const WAIT_MS = 10_000;
/** Each test's and hook's own bound: jest's default of 5 s is meant for unit specs. */
const TEST_TIMEOUT_MS = 30_000;

/** Twice the retention ago: pruned at the next interval. */
const EXPIRED_AT = new Date(Date.now() - 2 * RETENTION_MS).toISOString();
const at = (second: number) => new Date(Date.parse('2031-01-01T00:00:00.000Z') + second * 1_000).toISOString();
const sample = (name: string, value: number, second: number): AgentMetric => ({ name, value, at: at(second) });

interface Harness {
  readonly hub: TestCoordinator;
  readonly prefix: string;
  readonly sockets: Socket[];
}

function connect(url: string, namespace: string, auth: Record<string, unknown>, sockets: Socket[]): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(`${url}${namespace}`, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
    sockets.push(socket);
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** An enrolled, registered Python agent on the wire. */
async function pythonAgent(harness: Harness, name: string): Promise<{ socket: Socket; agentId: string }> {
  const socket = await connect(harness.hub.url, AGENTS_NAMESPACE, { enrollToken: ENROLL_TOKEN }, harness.sockets);
  const ack = (await socket.timeout(WAIT_MS).emitWithAck('agent:register', registration(name, { kind: 'python', capabilities: ['python'] }))) as RegisterAck;
  if (!ack.ok) throw new Error(`registration refused: ${ack.error.message}`);
  return { socket, agentId: ack.agentId };
}

async function items<Item>(harness: Harness, route: string): Promise<Item[]> {
  const response = await harness.hub.request<{ items: Item[] }>('GET', route);
  if (response.status !== 200) throw new Error(`GET ${route} answered ${response.status}: ${response.text}`);
  return response.body.items;
}

describe('Python agents, coordinator side: telemetry API, live metrics, retention, duplicate results', () => {
  let harness: Harness;

  beforeAll(async () => {
    const prefix = uniqueQueuePrefix();
    const hub = await bootTestCoordinator({
      RH_ENROLL_TOKEN: ENROLL_TOKEN,
      RH_QUEUE_PREFIX: prefix,
      RH_METRICS_RETENTION_MS: String(RETENTION_MS),
      RH_TRACES_RETENTION_MS: String(RETENTION_MS),
      RH_TELEMETRY_PRUNE_INTERVAL_MS: String(PRUNE_INTERVAL_MS),
    });
    harness = { hub, prefix, sockets: [] };
  }, TEST_TIMEOUT_MS);

  afterAll(async () => {
    for (const socket of harness?.sockets ?? []) socket.disconnect();
    await harness?.hub.close();
    if (harness) await deleteQueuePrefixKeys(harness.prefix);
  }, TEST_TIMEOUT_MS);

  it('answers metrics oldest first, filtered by name, from and to, the newest `limit` of them', async () => {
    const { socket, agentId } = await pythonAgent(harness, 'py-metrics');
    const batch = { samples: [sample('cpu', 1, 3), sample('cpu', 2, 1), sample('cpu', 3, 2), sample('rss', 10, 1)], dropped: 0 };
    expect(await socket.timeout(WAIT_MS).emitWithAck('agent:metrics', batch)).toEqual({ ok: true });
    const base = `/api/agents/${agentId}/metrics`;

    expect(await items(harness, `${base}?name=cpu`)).toEqual([sample('cpu', 2, 1), sample('cpu', 3, 2), sample('cpu', 1, 3)]);
    expect(await items(harness, `${base}?name=cpu&from=${at(2)}`)).toEqual([sample('cpu', 3, 2), sample('cpu', 1, 3)]);
    expect(await items(harness, `${base}?name=cpu&to=${at(2)}`)).toEqual([sample('cpu', 2, 1), sample('cpu', 3, 2)]);
    expect(await items(harness, `${base}?name=cpu&limit=1`)).toEqual([sample('cpu', 1, 3)]);
    expect((await items<AgentMetric>(harness, base)).map((entry) => entry.name).sort()).toEqual(['cpu', 'cpu', 'cpu', 'rss']);
  }, TEST_TIMEOUT_MS);

  it('refuses a bad query with 400 naming the parameter, and an unknown agent with 404', async () => {
    const { agentId } = await pythonAgent(harness, 'py-errors');

    const badFrom = await harness.hub.request<{ error: { code: string; message: string } }>('GET', `/api/agents/${agentId}/metrics?from=yesterday`);
    const badLimit = await harness.hub.request<{ error: { message: string } }>('GET', `/api/agents/${agentId}/metrics?limit=0`);
    const unknownParameter = await harness.hub.request<{ error: { message: string } }>('GET', `/api/agents/${agentId}/metrics?nmae=cpu`);
    const unknownAgent = await harness.hub.request<{ error: { code: string } }>('GET', '/api/agents/no-such-agent/metrics');
    const unknownRun = await harness.hub.request<{ error: { code: string } }>('GET', '/api/runs/no-such-run/nodes/n1/traces');
    const noToken = await harness.hub.request('GET', `/api/agents/${agentId}/metrics`, { token: null });

    expect(badFrom.status).toBe(400);
    expect(badFrom.body.error).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('query.from') });
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.message).toContain('query.limit');
    expect(unknownParameter.status).toBe(400);
    expect(unknownParameter.body.error.message).toContain('nmae');
    expect(unknownAgent.status).toBe(404);
    expect(unknownRun.status).toBe(404);
    expect(noToken.status).toBe(401);
  }, TEST_TIMEOUT_MS);

  it('records a batch’s drop count as a metric and streams stored samples to /live', async () => {
    const { socket, agentId } = await pythonAgent(harness, 'py-live');
    const dashboard = await connect(harness.hub.url, LIVE_NAMESPACE, { token: TEST_ADMIN_TOKEN }, harness.sockets);
    expect(await dashboard.timeout(WAIT_MS).emitWithAck('agents:subscribe', {})).toEqual({ ok: true });
    const updates: AgentMetricsUpdate[] = [];
    dashboard.on('agent:metrics', (update: AgentMetricsUpdate) => updates.push(update));

    await socket.timeout(WAIT_MS).emitWithAck('agent:metrics', { samples: [sample('queue_depth', 12, 1)], dropped: 7 });
    await socket.timeout(WAIT_MS).emitWithAck('agent:traces', { spans: [], dropped: 2 });

    const dropped = await items<AgentMetric>(harness, `/api/agents/${agentId}/metrics?name=${DROPPED_METRIC_NAME}`);
    expect(dropped.map((entry) => [entry.value, entry.labels])).toEqual([
      [7, { kind: 'metrics' }],
      [2, { kind: 'traces' }],
    ]);
    await waitFor(() => updates.length === 2, 'two agent:metrics updates on /live', WAIT_MS);
    expect(updates[0]).toEqual({ agentId, samples: [sample('queue_depth', 12, 1), expect.objectContaining({ name: DROPPED_METRIC_NAME, value: 7 })] });
    expect(updates[1]).toEqual({ agentId, samples: [expect.objectContaining({ name: DROPPED_METRIC_NAME, value: 2 })] });
  }, TEST_TIMEOUT_MS);

  it('prunes metric samples and trace spans past their retention, periodically', async () => {
    const { socket, agentId } = await pythonAgent(harness, 'py-retention');
    const fresh = new Date().toISOString();
    const span = (when: string) => ({ name: 'load', module: 'shop', durationMs: 3, depth: 0, at: when });
    await socket.timeout(WAIT_MS).emitWithAck('agent:metrics', {
      samples: [
        { name: 'rss', value: 1, at: EXPIRED_AT },
        { name: 'rss', value: 2, at: fresh },
      ],
      dropped: 0,
    });
    await socket.timeout(WAIT_MS).emitWithAck('agent:traces', { spans: [span(EXPIRED_AT), span(fresh)], dropped: 0 });

    await waitFor(
      async () => (await items(harness, `/api/agents/${agentId}/metrics?name=rss`)).length === 1 && (await items(harness, `/api/agents/${agentId}/traces`)).length === 1,
      'the expired sample and span to be pruned',
      WAIT_MS,
    );

    expect(await items(harness, `/api/agents/${agentId}/metrics?name=rss`)).toEqual([{ name: 'rss', value: 2, at: fresh }]);
    expect(await items(harness, `/api/agents/${agentId}/traces`)).toEqual([{ agentId, ...span(fresh) }]);
  }, TEST_TIMEOUT_MS);

  it('refuses a message of several megabytes and a malformed batch with agent:error, and keeps serving', async () => {
    // ARRANGE: the coordinator's default limit (RH_SOCKET_MAX_MESSAGE_BYTES, 2 MiB) is in force here.
    const { socket, agentId } = await pythonAgent(harness, 'py-refused');
    const errors: Array<{ code: string; message: string }> = [];
    socket.on('agent:error', (error: { code: string; message: string }) => errors.push(error));
    const huge = { samples: [{ name: 'big', value: 1, at: at(1), labels: { blob: 'x'.repeat(3 * 1024 * 1024) } }], dropped: 0 };

    // ACT
    const hugeAck = await socket.timeout(WAIT_MS).emitWithAck('agent:metrics', huge);
    const malformedAck = await socket.timeout(WAIT_MS).emitWithAck('agent:metrics', { samples: [{ name: 'cpu', value: 'high', at: at(1) }], dropped: 0 });

    // ASSERT
    expect(hugeAck).toMatchObject({ ok: false, error: { code: 'INVALID_MESSAGE', message: expect.stringMatching(/^agent:metrics: the message is \d+ bytes, over the limit/) } });
    expect(malformedAck).toMatchObject({ ok: false, error: { code: 'INVALID_MESSAGE', message: expect.stringContaining('samples.0.value') } });
    await waitFor(() => errors.length === 2, 'two agent:error events', WAIT_MS);
    expect(errors.map((error) => error.code)).toEqual(['INVALID_MESSAGE', 'INVALID_MESSAGE']);
    expect(await socket.timeout(WAIT_MS).emitWithAck('agent:metrics', { samples: [sample('cpu', 1, 1)], dropped: 0 })).toEqual({ ok: true });
    expect(await items(harness, `/api/agents/${agentId}/metrics`)).toEqual([sample('cpu', 1, 1)]);
  }, TEST_TIMEOUT_MS);

  it('describes the telemetry routes and their query parameters in the OpenAPI document', async () => {
    const response = await harness.hub.request<{ paths: Record<string, { get?: { parameters?: Array<{ name: string; in: string }> } }> }>('GET', '/api/docs/json', { token: null });

    const queryOf = (route: string) => (response.body.paths[route]?.get?.parameters ?? []).filter((entry) => entry.in === 'query').map((entry) => entry.name).sort();
    expect(queryOf('/api/agents/{id}/metrics')).toEqual(['from', 'limit', 'name', 'to']);
    expect(queryOf('/api/agents/{id}/traces')).toEqual(['from', 'limit', 'nodeId', 'runId', 'to']);
    expect(queryOf('/api/runs/{id}/nodes/{nodeId}/traces')).toEqual(['limit']);
  }, TEST_TIMEOUT_MS);

  it('acknowledges a task:result sent twice and records it once; the node keeps its trace', async () => {
    // ARRANGE
    //   first (python) ──> second (python), both on this agent (the earlier tests' agents are online too)
    const { socket, agentId } = await pythonAgent(harness, 'py-results');
    const assigned: NodeTask[] = [];
    socket.on('task:assign', (task: NodeTask, ack: (response: unknown) => void) => {
      assigned.push(task);
      ack({ ok: true });
    });
    const definition = {
      schemaVersion: 1,
      name: 'duplicate-result',
      nodes: [
        { id: 'first', type: 'python', target: { agent: 'py-results' }, config: { code: 'result = 1' } },
        { id: 'second', type: 'python', target: { agent: 'py-results' }, config: { code: 'result = 2' } },
      ],
      edges: [{ from: 'first', to: 'second' }],
    };
    const started = await harness.hub.request<{ id: string }>('POST', '/api/runs', { body: { definition } });
    expect(started.status).toBe(202);
    const runId = started.body.id;
    const first = await waitFor(() => assigned.find((task) => task.nodeId === 'first'), 'task:assign of "first"', WAIT_MS);
    // Accepting the delivery was the claim.
    await waitFor(
      async () => (await harness.hub.request<RunRecord>('GET', `/api/runs/${runId}`)).body.nodes.find((entry) => entry.nodeId === 'first')?.status === 'running',
      'node "first" to be marked running',
      WAIT_MS,
    );
    await socket.timeout(WAIT_MS).emitWithAck('agent:traces', {
      spans: [{ name: 'python node', module: 'runtime_hub_agent.tasks', durationMs: 5, depth: 0, at: new Date().toISOString(), runId, nodeId: 'first' }],
      dropped: 0,
    });
    const now = new Date().toISOString();
    const result = (output: unknown): NodeResult => ({ status: 'succeeded', runId, nodeId: 'first', agentId, attempt: first.attempt, startedAt: now, finishedAt: now, output });

    // ACT
    const acks = [await socket.timeout(WAIT_MS).emitWithAck('task:result', result('once')), await socket.timeout(WAIT_MS).emitWithAck('task:result', result('twice'))];

    // ASSERT
    expect(acks).toEqual([{ ok: true }, { ok: true }]);
    const second = await waitFor(() => assigned.find((task) => task.nodeId === 'second'), 'task:assign of "second"', WAIT_MS);
    expect(second.upstream.first).toMatchObject({ status: 'succeeded', output: 'once' });
    const run = (await harness.hub.request<RunRecord>('GET', `/api/runs/${runId}`)).body;
    expect(run.nodes.find((entry) => entry.nodeId === 'first')).toMatchObject({ status: 'succeeded', attempt: 1, output: 'once' });
    expect(assigned.filter((task) => task.nodeId === 'second')).toHaveLength(1);
    const traces = await items<AgentTrace>(harness, `/api/runs/${runId}/nodes/first/traces`);
    expect(traces).toEqual([expect.objectContaining({ agentId, runId, nodeId: 'first', name: 'python node' })]);
    expect(await items(harness, `/api/agents/${agentId}/traces?runId=${runId}&nodeId=second`)).toEqual([]);
  }, TEST_TIMEOUT_MS);
});
