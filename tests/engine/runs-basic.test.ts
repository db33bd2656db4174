import { bootEngine, setOutput, workflow, type EngineHarness, type FakeAgent } from './engine.harness';

describe('run engine: a run from start to finish', () => {
  let hub: EngineHarness;
  let agent: FakeAgent;

  beforeAll(async () => {
    hub = await bootEngine();
    agent = await hub.agent('host-a');
  });

  afterAll(async () => {
    await hub?.close();
  });

  it('runs a three-node chain to success, each node after the one before', async () => {
    /*
     *   fetch ──► shape ──► report
     */
    // ARRANGE
    const definition = workflow({
      name: 'chain',
      inputs: { who: { type: 'string', default: 'ops' } },
      nodes: [
        { id: 'fetch', type: 'set', config: { values: { rows: 3 } } },
        { id: 'shape', type: 'set', config: { values: { count: '{{ nodes.fetch.output.rows }}', to: '{{ inputs.who }}' } } },
        { id: 'report', type: 'set', config: { values: { line: 'sent {{ nodes.shape.output.count }} rows to {{ nodes.shape.output.to }}' } } },
      ],
      edges: [
        { from: 'fetch', to: 'shape' },
        { from: 'shape', to: 'report' },
      ],
    });

    // ACT
    const started = await hub.startRun({ definition, inputs: { who: 'finance' } });
    const first = await agent.take('fetch');
    const nothingElseYet = await agent.waitingTasks();
    // Accepting the delivery is the claim: the node is running without a message of its own.
    const whileRunning = await hub.waitForRun(started.id, (r) => r.nodes[0]?.status === 'running', 'fetch to be marked running');
    await agent.report(first, setOutput(first));
    const second = await agent.take('shape');
    await agent.report(second, setOutput(second));
    const third = await agent.take('report');
    await agent.report(third, setOutput(third));
    const run = await hub.waitForRun(started.id, (r) => r.status === 'succeeded', 'the chain to succeed');

    // ASSERT
    expect(started.status).toBe('running');
    expect(first.nodeId).toBe('fetch');
    expect(first.attempt).toBe(1);
    expect(first.idempotencyKey).toBe(`${started.id}:fetch`);
    expect(nothingElseYet).toEqual([]);
    expect(whileRunning.nodes.map((node) => [node.nodeId, node.status])).toEqual([
      ['fetch', 'running'],
      ['shape', 'pending'],
      ['report', 'pending'],
    ]);
    expect(second.config).toEqual({ values: { count: 3, to: 'finance' } });
    expect(second.upstream).toEqual({ fetch: { status: 'succeeded', port: 'out', output: { rows: 3 } } });
    expect(third.config).toEqual({ values: { line: 'sent 3 rows to finance' } });
    expect(run.inputs).toEqual({ who: 'finance' });
    expect(run.error).toBeNull();
    expect(run.finishedAt).not.toBeNull();
    expect(run.nodes.map((node) => [node.nodeId, node.status, node.attempt, node.agentId])).toEqual([
      ['fetch', 'succeeded', 1, agent.id],
      ['shape', 'succeeded', 1, agent.id],
      ['report', 'succeeded', 1, agent.id],
    ]);
    expect(run.nodes[2]?.output).toEqual({ line: 'sent 3 rows to finance' });
    expect(run.nodes[2]?.port).toBe('out');
    expect(run.nodes[0]?.tasks).toEqual([
      expect.objectContaining({ agentId: agent.id, attempt: 1, status: 'succeeded', output: { rows: 3 } }),
    ]);
    expect(run.nodes.every((node) => node.durationMs !== null && node.startedAt !== null && node.finishedAt !== null)).toBe(true);
  });

  it('skips the branch a condition did not take, through several levels', async () => {
    /*
     *   check ──true──► clean ──► notify
     *         └─false─► audit
     */
    // ARRANGE
    const definition = workflow({
      name: 'branches',
      nodes: [
        { id: 'check', type: 'condition', config: { expression: '1 > 2' } },
        { id: 'clean', type: 'set', config: { values: {} } },
        { id: 'notify', type: 'set', config: { values: {} } },
        { id: 'audit', type: 'set', config: { values: { audited: true } } },
      ],
      edges: [
        { from: 'check', port: 'true', to: 'clean' },
        { from: 'clean', to: 'notify' },
        { from: 'check', port: 'false', to: 'audit' },
      ],
    });

    // ACT
    const started = await hub.startRun({ definition });
    const check = await agent.take('check');
    await agent.report(check, { output: { value: false }, port: 'false' });
    const audit = await agent.take('audit');
    await agent.report(audit, setOutput(audit));
    const run = await hub.waitForRun(started.id, (r) => r.status === 'succeeded', 'the run to succeed');

    // ASSERT
    expect(Object.fromEntries(run.nodes.map((node) => [node.nodeId, node.status]))).toEqual({
      check: 'succeeded',
      clean: 'skipped',
      notify: 'skipped',
      audit: 'succeeded',
    });
    expect(run.nodes.find((node) => node.nodeId === 'check')?.port).toBe('false');
  });

  it('fails the run with the first unhandled failure, and runs the independent branch', async () => {
    /*
     *   broken ──► after
     *   other
     */
    // ARRANGE
    const definition = workflow({
      name: 'one-fails',
      nodes: [
        { id: 'broken', type: 'set', config: { values: {} }, retry: { maxAttempts: 1, backoff: 'fixed', delayMs: 0 } },
        { id: 'after', type: 'set', config: { values: {} } },
        { id: 'other', type: 'set', config: { values: {} } },
      ],
      edges: [{ from: 'broken', to: 'after' }],
    });

    // ACT
    const started = await hub.startRun({ definition });
    agent.autoRun((task) => (task.nodeId === 'broken' ? { error: { code: 'EXIT_CODE', message: 'exit 3', retryable: false } } : setOutput(task)));
    const run = await hub.waitForRun(started.id, (r) => r.status === 'failed', 'the run to fail');
    await agent.stopAutoRun();

    // ASSERT
    expect(run.error).toEqual({ code: 'EXIT_CODE', message: 'exit 3', retryable: false, nodeId: 'broken' });
    expect(Object.fromEntries(run.nodes.map((node) => [node.nodeId, node.status]))).toEqual({ broken: 'failed', after: 'skipped', other: 'succeeded' });
  });

  it('fails a node whose template cannot be resolved, naming the expression', async () => {
    // ARRANGE
    const definition = workflow({
      name: 'bad-template',
      nodes: [
        { id: 'first', type: 'set', config: { values: {} } },
        { id: 'second', type: 'set', config: { values: { n: '{{ $number("x" & nodes.first.output.missing.deeper) }}' } } },
      ],
      edges: [{ from: 'first', to: 'second' }],
    });

    // ACT
    const started = await hub.startRun({ definition });
    agent.autoRun();
    const run = await hub.waitForRun(started.id, (r) => r.status === 'failed', 'the run to fail');
    await agent.stopAutoRun();

    // ASSERT
    const second = run.nodes.find((node) => node.nodeId === 'second');
    expect(second?.status).toBe('failed');
    expect(second?.error?.code).toBe('TEMPLATE_ERROR');
    expect(second?.error?.retryable).toBe(false);
    expect(second?.error?.message).toContain('config.values.n');
    expect(second?.attempt).toBe(0);
  });

  it('refuses an invalid definition with every problem and stores nothing', async () => {
    // ARRANGE
    const before = await hub.request<{ items: unknown[] }>('GET', '/api/runs');
    const workflowsBefore = await hub.request<{ items: unknown[] }>('GET', '/api/workflows');
    const definition = workflow({
      name: 'invalid',
      nodes: [
        { id: 'a', type: 'no.such.type', config: {} },
        { id: 'b', type: 'set', config: { values: {} } },
      ],
      edges: [{ from: 'b', to: 'ghost' }],
    });

    // ACT
    const response = await hub.request<{ error: { code: string; message: string; problems: Array<{ code: string; nodeId?: string }> } }>('POST', '/api/runs', {
      body: { definition },
    });
    const after = await hub.request<{ items: unknown[] }>('GET', '/api/runs');
    const workflowsAfter = await hub.request<{ items: unknown[] }>('GET', '/api/workflows');

    // ASSERT
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.problems.map((problem) => problem.code).sort()).toEqual(['EDGE_UNKNOWN_NODE', 'UNKNOWN_NODE_TYPE']);
    expect(after.body.items.length).toBe(before.body.items.length);
    expect(workflowsAfter.body.items.length).toBe(workflowsBefore.body.items.length);
  });

  it('refuses inputs that do not fit, naming each input', async () => {
    // ARRANGE
    const definition = workflow({
      name: 'typed-inputs',
      inputs: { count: { type: 'number', required: true } },
      nodes: [{ id: 'a', type: 'set', config: { values: {} } }],
    });

    // ACT
    const response = await hub.request<{ error: { code: string; message: string; problems: unknown[] } }>('POST', '/api/runs', {
      body: { definition, inputs: { count: 'ten', extra: 1 } },
    });

    // ASSERT
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('INVALID_INPUTS');
    expect(response.body.error.problems).toEqual([
      { input: 'count', message: 'expected number, got string' },
      { input: 'extra', message: 'the workflow declares no such input' },
    ]);
  });

  it('answers 404 naming an unknown run, and 400 for a malformed body', async () => {
    // ACT
    const unknown = await hub.request<{ error: { code: string; message: string } }>('GET', '/api/runs/no-such-run');
    const cancelUnknown = await hub.request<{ error: { code: string } }>('POST', '/api/runs/no-such-run/cancel');
    const malformed = await hub.request<{ error: { code: string; message: string } }>('POST', '/api/runs', { body: { workflowId: 7 } });

    // ASSERT
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toContain('no-such-run');
    expect(cancelUnknown.status).toBe(404);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toContain('workflowId');
  });

  it('runs a stored workflow by id, its latest version by default', async () => {
    // ARRANGE
    const created = await hub.request<{ id: string; version: number }>('POST', '/api/workflows', {
      body: { definition: workflow({ name: 'stored', nodes: [{ id: 'only', type: 'set', config: { values: { v: 1 } } }] }) },
    });
    await hub.request('PUT', `/api/workflows/${created.body.id}`, {
      body: { definition: workflow({ name: 'stored', nodes: [{ id: 'only', type: 'set', config: { values: { v: 2 } } }] }) },
    });

    // ACT
    const latest = await hub.startRun({ workflowId: created.body.id });
    const first = await hub.startRun({ workflowId: created.body.id, version: 1 });
    agent.autoRun();
    const latestRun = await hub.waitForRun(latest.id, (r) => r.status === 'succeeded', 'latest to succeed');
    const firstRun = await hub.waitForRun(first.id, (r) => r.status === 'succeeded', 'v1 to succeed');
    await agent.stopAutoRun();

    // ASSERT
    expect(latestRun.workflowVersion).toBe(2);
    expect(latestRun.nodes[0]?.output).toEqual({ v: 2 });
    expect(firstRun.workflowVersion).toBe(1);
    expect(firstRun.nodes[0]?.output).toEqual({ v: 1 });
  });
});
