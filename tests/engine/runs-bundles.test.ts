import { TASK_BUNDLES_CAPABILITY } from '@runtime-hub/protocol';
import { bootEngine, setOutput, workflow, type EngineHarness, type FakeAgent } from './engine.harness';

/**
 * Bundles on the engine (docs/ARCHITECTURE.md "Bundles"), with agents driven by the test: what
 * a task carries, and that an agent's bundle records only the nodes it was given.
 */
describe('run engine: bundles', () => {
  let hub: EngineHarness;
  let bundling: FakeAgent;
  let other: FakeAgent;
  let plain: FakeAgent;

  beforeAll(async () => {
    hub = await bootEngine({ RH_LOG_LEVEL: process.env.ENGINE_LOG ?? 'silent' });
    bundling = await hub.agent('bundling-host', { labels: ['bundling'], capabilities: [TASK_BUNDLES_CAPABILITY] });
    other = await hub.agent('other-host', { labels: ['other'], capabilities: [TASK_BUNDLES_CAPABILITY] });
    plain = await hub.agent('plain-host', { labels: ['plain'] });
  });

  afterAll(async () => {
    await hub?.close();
  });

  it('bundles a chain up to the first node bound elsewhere, and records a step the task did not carry nowhere', async () => {
    /*
     *   one ──► two ──► three ──► four
     *   (bundling-host)          (other-host)
     */
    // ARRANGE
    const on = (labels: string[]) => ({ labels });
    const definition = workflow({
      name: 'bundle-boundary',
      nodes: [
        { id: 'one', type: 'set', config: { values: { id: 'one' } }, target: on(['bundling']) },
        { id: 'two', type: 'set', config: { values: { id: 'two' } }, target: on(['bundling']) },
        { id: 'three', type: 'set', config: { values: { id: 'three' } }, target: on(['bundling']) },
        { id: 'four', type: 'set', config: { values: { id: 'four' } }, target: on(['other']) },
      ],
      edges: [
        { from: 'one', to: 'two' },
        { from: 'two', to: 'three' },
        { from: 'three', to: 'four' },
      ],
    });
    const started = await hub.startRun({ definition });
    const task = await bundling.take('the task of `one`');

    // ACT: the agent claims a result for `four` too, which it was never given
    const forged = { ...task, bundle: [...(task.bundle ?? []), { ...task.bundle![0]!, nodeId: 'four', idempotencyKey: `${started.id}:four` }] };
    const ack = await bundling.report(forged, setOutput(task), [{ output: { id: 'two' } }, { output: { id: 'three' } }, { output: { forged: true } }]);
    const four = await other.take('`four`, dispatched to its own agent');
    await other.report(four, setOutput(four));
    const run = await hub.waitForRun(started.id, (current) => current.status === 'succeeded', 'the run to succeed');

    // ASSERT
    expect(task.bundle?.map((step) => step.nodeId)).toEqual(['two', 'three']);
    expect(ack).toEqual({ ok: true });
    expect(run.nodes.map((node) => [node.nodeId, node.agentId, node.output])).toEqual([
      ['one', bundling.id, { id: 'one' }],
      ['two', bundling.id, { id: 'two' }],
      ['three', bundling.id, { id: 'three' }],
      ['four', other.id, { id: 'four' }],
    ]);
  });

  it('sends no bundle to an agent that does not run bundles', async () => {
    /*
     *   first ──► second     (plain-host)
     */
    // ARRANGE
    const definition = workflow({
      name: 'no-bundles-here',
      nodes: ['first', 'second'].map((id) => ({ id, type: 'set', config: { values: { id } }, target: { labels: ['plain'] } })),
      edges: [{ from: 'first', to: 'second' }],
    });
    const started = await hub.startRun({ definition });

    // ACT
    const first = await plain.take('`first`');
    await plain.report(first, setOutput(first));
    const second = await plain.take('`second`');
    await plain.report(second, setOutput(second));
    const run = await hub.waitForRun(started.id, (current) => current.status === 'succeeded', 'the run to succeed');

    // ASSERT
    expect(first.bundle).toBeUndefined();
    expect(run.nodes.map((node) => [node.nodeId, node.status])).toEqual([
      ['first', 'succeeded'],
      ['second', 'succeeded'],
    ]);
  });

  it('sends no bundle past a node whose config holds a template: its value is known only once the node before it ran', async () => {
    /*
     *   load ──► use ({{ nodes.load.output.n }})     (bundling-host)
     */
    // ARRANGE
    const definition = workflow({
      name: 'templated-step',
      nodes: [
        { id: 'load', type: 'set', config: { values: { n: 7 } }, target: { labels: ['bundling'] } },
        { id: 'use', type: 'set', config: { values: { n: '{{ nodes.load.output.n }}' } }, target: { labels: ['bundling'] } },
      ],
      edges: [{ from: 'load', to: 'use' }],
    });
    const started = await hub.startRun({ definition });

    // ACT
    const load = await bundling.take('`load`');
    await bundling.report(load, setOutput(load));
    const use = await bundling.take('`use`');
    await bundling.report(use, setOutput(use));
    const run = await hub.waitForRun(started.id, (current) => current.status === 'succeeded', 'the run to succeed');

    // ASSERT
    expect(load.bundle).toBeUndefined();
    expect(use.config).toEqual({ values: { n: 7 } });
    expect(run.status).toBe('succeeded');
  });
});
