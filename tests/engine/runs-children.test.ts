import type { RunRecord, RunSummaryPage } from '@runtime-hub/protocol';
import { bootEngine, setOutput, waitFor, workflow, type EngineHarness, type FakeAgent } from './engine.harness';

/** A child workflow with one `set` node echoing its inputs: its run outputs are `{ echo: {...} }`. */
function echoChild(name: string, inputs: Record<string, { type: 'string' | 'number' | 'boolean' | 'object' | 'array' }>) {
  const values = Object.fromEntries(Object.keys(inputs).map((input) => [input, `{{ inputs.${input} }}`]));
  return workflow({ name, inputs, nodes: [{ id: 'echo', type: 'set', config: { values } }] });
}

describe('run engine: child runs (workflow.call, foreach, repeat)', () => {
  let hub: EngineHarness;
  let agent: FakeAgent;

  beforeAll(async () => {
    hub = await bootEngine();
    agent = await hub.agent('host-c');
    agent.autoRun();
  });

  afterAll(async () => {
    await hub?.close();
  });

  async function children(runId: string): Promise<RunRecord[]> {
    const page = await hub.request<RunSummaryPage>('GET', '/api/runs?trigger=parent&limit=500');
    const mine = page.body.items.filter((run) => run.parentRunId === runId);
    return Promise.all(mine.map((run) => hub.run(run.id)));
  }

  it('workflow.call runs the child and hands its outputs on', async () => {
    /*
     *   prepare ──► call(child: echo) ──► use
     */
    // ARRANGE
    const definition = workflow({
      name: 'caller',
      nodes: [
        { id: 'prepare', type: 'set', config: { values: { host: 'srv-1' } } },
        { id: 'call', type: 'workflow.call', config: { workflow: echoChild('called-child', { host: { type: 'string' } }), inputs: { host: '{{ nodes.prepare.output.host }}' } } },
        { id: 'use', type: 'set', config: { values: { got: '{{ nodes.call.output.outputs.echo.host }}' } } },
      ],
      edges: [
        { from: 'prepare', to: 'call' },
        { from: 'call', to: 'use' },
      ],
    });

    // ACT
    const started = await hub.startRun({ definition });
    const run = await hub.waitForRun(started.id, (r) => r.status === 'succeeded', 'the caller to succeed');
    const [child] = await children(started.id);

    // ASSERT
    const call = run.nodes.find((node) => node.nodeId === 'call');
    expect(child).toMatchObject({ status: 'succeeded', trigger: 'parent', parentRunId: started.id, parentNodeId: 'call', workflowName: 'called-child', inputs: { host: 'srv-1' } });
    expect(call?.output).toEqual({ runId: child?.id, status: 'succeeded', outputs: { echo: { host: 'srv-1' } } });
    expect(run.nodes.find((node) => node.nodeId === 'use')?.output).toEqual({ got: 'srv-1' });
  });

  it('workflow.call fails with CHILD_RUN_FAILED when the child fails', async () => {
    // ARRANGE
    const failing = workflow({ name: 'failing-child', nodes: [{ id: 'boom', type: 'fail', config: { message: 'nope' } }] });
    const definition = workflow({ name: 'caller-of-failure', nodes: [{ id: 'call', type: 'workflow.call', config: { workflow: failing } }] });
    agent.autoRun((task) => (task.nodeType === 'fail' ? { error: { code: 'NODE_FAILED', message: 'nope', retryable: false } } : setOutput(task)));

    // ACT
    const started = await hub.startRun({ definition });
    const run = await hub.waitForRun(started.id, (r) => r.status === 'failed', 'the caller to fail');
    agent.autoRun();

    // ASSERT
    expect(run.nodes[0]?.error?.code).toBe('CHILD_RUN_FAILED');
    expect(run.nodes[0]?.error?.message).toContain('failed: nope');
    expect(run.error?.code).toBe('CHILD_RUN_FAILED');
  });

  it('foreach runs one child per item, two at a time, and collects the results in item order', async () => {
    /*
     *   each(items: [a, b, c], concurrency 2, child: echo {item, index})
     */
    // ARRANGE
    const definition = workflow({
      name: 'for-each-host',
      inputs: { hosts: { type: 'array', default: ['a', 'b', 'c'] } },
      nodes: [
        {
          id: 'each',
          type: 'foreach',
          config: {
            items: '{{ inputs.hosts }}',
            concurrency: 2,
            maxIterations: 10,
            inputs: { greeting: 'hi' },
            workflow: echoChild('per-host', { item: { type: 'string' }, index: { type: 'number' }, greeting: { type: 'string' } }),
          },
        },
      ],
    });
    await agent.stopAutoRun();

    // ACT
    const started = await hub.startRun({ definition });
    const firstWave = [await agent.take('iteration'), await agent.take('iteration')];
    const running = await children(started.id);
    agent.autoRun();
    for (const task of firstWave) await agent.report(task, setOutput(task));
    const run = await hub.waitForRun(started.id, (r) => r.status === 'succeeded', 'the foreach to succeed');

    // ASSERT
    expect(running.map((child) => child.status).sort()).toEqual(['pending', 'running', 'running']);
    expect(firstWave.map((task) => task.inputs.item).sort()).toEqual(['a', 'b']);
    expect(run.nodes[0]?.output).toEqual({
      count: 3,
      results: [
        { echo: { item: 'a', index: 0, greeting: 'hi' } },
        { echo: { item: 'b', index: 1, greeting: 'hi' } },
        { echo: { item: 'c', index: 2, greeting: 'hi' } },
      ],
    });
  });

  it('foreach fails naming the failed iterations, and refuses a list over maxIterations', async () => {
    // ARRANGE
    const child = echoChild('per-item', { item: { type: 'number' } });
    const someFail = workflow({ name: 'some-fail', nodes: [{ id: 'each', type: 'foreach', config: { items: [1, 2, 3], maxIterations: 5, workflow: child } }] });
    const tooMany = workflow({ name: 'too-many', nodes: [{ id: 'each', type: 'foreach', config: { items: [1, 2, 3], maxIterations: 2, workflow: child } }] });
    agent.autoRun((task) => (task.inputs.item === 2 ? { error: { code: 'EXIT_CODE', message: 'exit 2', retryable: false } } : setOutput(task)));

    // ACT
    const failed = await hub.waitForRun((await hub.startRun({ definition: someFail })).id, (r) => r.status === 'failed', 'some-fail to fail');
    const refused = await hub.waitForRun((await hub.startRun({ definition: tooMany })).id, (r) => r.status === 'failed', 'too-many to fail');
    agent.autoRun();

    // ASSERT
    expect(failed.nodes[0]?.error).toMatchObject({ code: 'CHILD_RUN_FAILED', details: { failedIndexes: [1] } });
    expect(failed.nodes[0]?.error?.message).toContain('1 of 3 iterations failed (indexes 1)');
    expect(refused.nodes[0]?.error).toMatchObject({ code: 'MAX_ITERATIONS', retryable: false });
    expect(await children(refused.id)).toEqual([]);
  });

  it('repeat runs its child until maxIterations and fails with MAX_ITERATIONS when until never holds', async () => {
    /*
     *   poll(repeat child: echo {status: "busy"}, until: last.echo.status = "done", maxIterations 3)
     */
    // ARRANGE
    const definition = workflow({
      name: 'poll-until-done',
      nodes: [
        {
          id: 'poll',
          type: 'repeat',
          config: { workflow: echoChild('poll-once', { status: { type: 'string' } }), inputs: { status: 'busy' }, until: 'last.echo.status = "done"', maxIterations: 3 },
        },
      ],
    });

    // ACT
    const started = await hub.startRun({ definition });
    const run = await hub.waitForRun(started.id, (r) => r.status === 'failed', 'the repeat to give up');
    const iterations = await children(started.id);

    // ASSERT
    expect(run.nodes[0]?.error).toMatchObject({ code: 'MAX_ITERATIONS', details: { iterations: 3, last: { echo: { status: 'busy' } } } });
    expect(iterations.map((child) => child.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
  });

  it('repeat stops as soon as until holds', async () => {
    // ARRANGE
    const definition = workflow({
      name: 'poll-until-second',
      nodes: [{ id: 'poll', type: 'repeat', config: { workflow: echoChild('poll-twice', {}), until: 'iteration >= 2', maxIterations: 5 } }],
    });

    // ACT
    const started = await hub.startRun({ definition });
    const run = await hub.waitForRun(started.id, (r) => r.status === 'succeeded', 'the repeat to succeed');

    // ASSERT
    expect(run.nodes[0]?.output).toEqual({ iterations: 2, last: { echo: {} } });
    expect(await children(started.id)).toHaveLength(2);
  });

  it('cancelling the parent cancels its running children', async () => {
    // ARRANGE
    const definition = workflow({
      name: 'cancel-with-children',
      nodes: [{ id: 'each', type: 'foreach', config: { items: [1, 2], concurrency: 2, maxIterations: 2, workflow: echoChild('slow-child', { item: { type: 'number' } }) } }],
    });
    await agent.stopAutoRun();
    const started = await hub.startRun({ definition });
    await agent.take('a child task');

    // ACT
    await hub.request('POST', `/api/runs/${started.id}/cancel`);
    const run = await hub.run(started.id);
    const cancelledChildren = await waitFor(async () => {
      const list = await children(started.id);
      return list.length === 2 && list.every((child) => child.status === 'cancelled') ? list : undefined;
    }, 'both children to be cancelled');
    agent.autoRun();

    // ASSERT
    expect(run.status).toBe('cancelled');
    expect(cancelledChildren.map((child) => child.status)).toEqual(['cancelled', 'cancelled']);
  });
});
