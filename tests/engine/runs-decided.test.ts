import { io } from 'socket.io-client';
import { LIVE_NAMESPACE, type NodeRunRecord } from '@runtime-hub/protocol';
import { TEST_ADMIN_TOKEN } from '../coordinator-api/coordinator.harness';
import { ANY_AGENT, bootEngine, decidedWorkflow, setOutput, waitFor, type EngineHarness } from './engine.harness';

/**
 * Control nodes (set, condition, switch, fail) without a target of their own are decided by
 * the coordinator, in the transaction of the advance that made them ready: no task, no queue,
 * no agent. A node-level target still makes them dispatched work.
 */
describe('run engine: control nodes decided by the coordinator', () => {
  let hub: EngineHarness;

  beforeAll(async () => {
    hub = await bootEngine();
  });

  afterAll(async () => {
    await hub?.close();
  });

  it('runs a chain of set, condition and switch nodes with no agent connected, skipping the branches not taken', async () => {
    /*
     *   seed ──► shape ──► check ─true──► pick ─green──► paint
     *                         │             └─default──► plain
     *                         └─false──► never
     */
    // ARRANGE
    const definition = decidedWorkflow({
      name: 'decided-chain',
      inputs: { colour: { type: 'string', default: 'red' } },
      defaults: { target: { labels: ['nowhere'] } },
      nodes: [
        { id: 'seed', type: 'set', config: { values: { rows: 3 } } },
        { id: 'shape', type: 'set', config: { values: { count: '{{ nodes.seed.output.rows * 2 }}', colour: '{{ inputs.colour }}' } } },
        { id: 'check', type: 'condition', config: { expression: 'nodes.shape.output.count > 5' } },
        { id: 'pick', type: 'switch', config: { expression: 'nodes.shape.output.colour', cases: ['green', 'blue'] } },
        { id: 'paint', type: 'set', config: { values: { painted: true } } },
        { id: 'plain', type: 'set', config: { values: { line: '{{ nodes.shape.output.count }} {{ nodes.pick.output.value }} rows' } } },
        { id: 'never', type: 'set', config: { values: {} } },
      ],
      edges: [
        { from: 'seed', to: 'shape' },
        { from: 'shape', to: 'check' },
        { from: 'check', port: 'true', to: 'pick' },
        { from: 'check', port: 'false', to: 'never' },
        { from: 'pick', port: 'green', to: 'paint' },
        { from: 'pick', port: 'default', to: 'plain' },
      ],
    });

    // ACT
    const started = await hub.startRun({ definition, inputs: { colour: 'purple' } });
    const run = await hub.waitForRun(started.id, (r) => r.status === 'succeeded', 'the decided chain to succeed');

    // ASSERT: the start answers the run as it is then: ended by its first advance, with no read back
    expect(started.status).toBe('succeeded');
    const byId = new Map(run.nodes.map((node) => [node.nodeId, node]));
    expect(run.nodes.map((node) => [node.nodeId, node.status, node.port])).toEqual([
      ['seed', 'succeeded', 'out'],
      ['shape', 'succeeded', 'out'],
      ['check', 'succeeded', 'true'],
      ['pick', 'succeeded', 'default'],
      ['paint', 'skipped', null],
      ['plain', 'succeeded', 'out'],
      ['never', 'skipped', null],
    ]);
    expect(byId.get('shape')?.output).toEqual({ count: 6, colour: 'purple' });
    expect(byId.get('check')?.output).toEqual({ value: true });
    expect(byId.get('pick')?.output).toEqual({ value: 'purple', port: 'default' });
    expect(byId.get('plain')?.output).toEqual({ line: '6 purple rows' });
    for (const id of ['seed', 'shape', 'check', 'pick', 'plain']) {
      expect(byId.get(id)).toMatchObject({ attempt: 1, agentId: null, tasks: [] });
      expect(byId.get(id)?.startedAt).toEqual(expect.any(String));
      expect(byId.get(id)?.finishedAt).toEqual(expect.any(String));
    }
  });

  it('still dispatches a control node that has a target of its own, and decides the ones around it', async () => {
    /*
     *   before ──► remote (target: any agent) ──► after
     */
    // ARRANGE
    const agent = await hub.agent('host-decided');
    const definition = decidedWorkflow({
      name: 'decided-around-dispatched',
      nodes: [
        { id: 'before', type: 'set', config: { values: { n: 1 } } },
        { id: 'remote', type: 'set', target: ANY_AGENT, config: { values: { m: '{{ nodes.before.output.n + 1 }}' } } },
        { id: 'after', type: 'condition', config: { expression: 'nodes.remote.output.m = 2' } },
      ],
      edges: [
        { from: 'before', to: 'remote' },
        { from: 'remote', to: 'after' },
      ],
    });

    // ACT: a dashboard watches the run; the decided node after the dispatched one is published like any other
    const started = await hub.startRun({ definition });
    const task = await agent.take('the targeted set node');
    const dashboard = io(`${hub.url}${LIVE_NAMESPACE}`, { auth: { token: TEST_ADMIN_TOKEN }, transports: ['websocket'], reconnection: false, forceNew: true });
    const published: NodeRunRecord[] = [];
    dashboard.on('node:updated', (record: NodeRunRecord) => published.push(record));
    expect(await dashboard.timeout(5_000).emitWithAck('run:subscribe', { runId: started.id })).toEqual({ ok: true });
    await agent.report(task, setOutput(task));
    const run = await hub.waitForRun(started.id, (r) => r.status === 'succeeded', 'the run to succeed');
    const live = await waitFor(() => published.find((record) => record.nodeId === 'after' && record.status === 'succeeded'), 'the decided node on /live');
    dashboard.disconnect();

    // ASSERT
    expect(task.nodeId).toBe('remote');
    expect(task.config).toEqual({ values: { m: 2 } });
    expect(task.upstream).toEqual({ before: { status: 'succeeded', port: 'out', output: { n: 1 } } });
    const [before, remote, after] = run.nodes;
    expect(before).toMatchObject({ status: 'succeeded', agentId: null, tasks: [] });
    expect(remote).toMatchObject({ status: 'succeeded', agentId: agent.id, output: { m: 2 } });
    expect(remote?.tasks).toHaveLength(1);
    expect(after).toMatchObject({ status: 'succeeded', port: 'true', agentId: null, tasks: [] });
    expect(live).toMatchObject({ runId: started.id, status: 'succeeded', attempt: 1, port: 'true', output: { value: true }, agentId: null, tasks: [] });
  });

  it('fails a fail node at once, without retrying it, and runs its error branch', async () => {
    /*
     *   stop ─error──► cleanup         broken (fail, no error edge)
     */
    // ARRANGE
    const retry = { maxAttempts: 3, backoff: 'fixed' as const, delayMs: 0 };
    const definition = decidedWorkflow({
      name: 'decided-fail',
      nodes: [
        { id: 'stop', type: 'fail', retry, config: { message: 'disk full on {{ inputs.host }}', code: 'DISK' } },
        { id: 'cleanup', type: 'set', config: { values: { reason: '{{ nodes.stop.status }}' } } },
        { id: 'broken', type: 'fail', retry, config: { message: 'unhandled' } },
      ],
      inputs: { host: { type: 'string', default: 'web-1' } },
      edges: [{ from: 'stop', port: 'error', to: 'cleanup' }],
    });

    // ACT
    const started = await hub.startRun({ definition });
    const run = await hub.waitForRun(started.id, (r) => r.status === 'failed', 'the run to fail');

    // ASSERT
    const [stop, cleanup, broken] = run.nodes;
    expect(stop).toMatchObject({ status: 'failed', attempt: 1, error: { code: 'NODE_FAILED', message: 'disk full on web-1', retryable: false, details: { code: 'DISK' } } });
    expect(cleanup).toMatchObject({ status: 'succeeded', output: { reason: 'failed' } });
    expect(broken).toMatchObject({ status: 'failed', attempt: 1, error: { code: 'NODE_FAILED', message: 'unhandled' } });
    expect(run.error).toMatchObject({ code: 'NODE_FAILED', message: 'unhandled', nodeId: 'broken' });
  });

  it('fails a node whose expression fails or breaks a sandbox limit, naming it, as an agent would', async () => {
    // ARRANGE
    const definition = decidedWorkflow({
      name: 'decided-expression-errors',
      nodes: [
        { id: 'typo', type: 'condition', config: { expression: '$nope(1)' } },
        { id: 'huge', type: 'switch', config: { expression: '$count([1..100000000])', cases: ['1'] } },
        { id: 'template', type: 'set', config: { values: { n: '{{ $number("x") }}' } } },
        { id: 'shapeless', type: 'switch', config: { expression: '1', cases: '{{ "not a list" }}' } },
      ],
    });

    // ACT
    const started = await hub.startRun({ definition });
    const run = await hub.waitForRun(started.id, (r) => r.status === 'failed', 'the run to fail');

    // ASSERT
    const byId = new Map(run.nodes.map((node) => [node.nodeId, node]));
    expect(byId.get('typo')).toMatchObject({ status: 'failed', attempt: 1, error: { code: 'TEMPLATE_ERROR', retryable: false, details: { expression: '$nope(1)' } } });
    expect(byId.get('huge')).toMatchObject({ status: 'failed', attempt: 1, error: { code: 'EXPRESSION_LIMIT', retryable: false } });
    expect(byId.get('huge')?.error?.message).toMatch(/limit/);
    expect(byId.get('template')).toMatchObject({ status: 'failed', error: { code: 'TEMPLATE_ERROR', details: { path: 'config.values.n' } } });
    expect(byId.get('shapeless')).toMatchObject({ status: 'failed', error: { code: 'CONFIG_INVALID' } });
    expect(byId.get('shapeless')?.error?.message).toContain('config.cases');
  });

  it('decides a fan-out of 100 control nodes and their join in one go', async () => {
    // ARRANGE
    const width = 100;
    const branches = Array.from({ length: width }, (_, index) => ({ id: `b${index}`, type: 'set', config: { values: { i: index } } }));
    const definition = decidedWorkflow({
      name: 'decided-fanout',
      nodes: [{ id: 'start', type: 'set', config: { values: {} } }, ...branches, { id: 'join', type: 'set', config: { values: { total: `{{ ${branches.map((b) => `nodes.${b.id}.output.i`).join(' + ')} }}` } } }],
      edges: [...branches.map((b) => ({ from: 'start', to: b.id })), ...branches.map((b) => ({ from: b.id, to: 'join' }))],
    });

    // ACT
    const started = await hub.startRun({ definition });
    const run = await hub.waitForRun(started.id, (r) => r.status === 'succeeded', 'the fan-out to succeed');

    // ASSERT
    expect(run.nodes.every((node) => node.status === 'succeeded' && node.attempt === 1)).toBe(true);
    expect(run.nodes.find((node) => node.nodeId === 'join')?.output).toEqual({ total: (width * (width - 1)) / 2 });
  });
});
