import { testGraph } from '@runtime-hub/graph';
import { CAPABILITY_DESKTOP } from '@runtime-hub/nodes';
import { TASK_BUNDLES_CAPABILITY, type NodeRunStatus } from '@runtime-hub/protocol';
import { agentTakesStep, chainAfter, dispatchRowsOf, holdsTemplate, taskTimeoutMs, type BundlingAgent } from './task-bundle';

const allPending = (): NodeRunStatus => 'pending';

describe('chainAfter', () => {
  it('follows the only edge out of each node to a node with no other way in, up to the limit', () => {
    // ARRANGE: a -> b -> c -> d
    const graph = testGraph(['a', 'b', 'c', 'd'], ['a -> b', 'b -> c', 'c -> d']);

    // ACT + ASSERT
    expect(chainAfter(graph, 'a', allPending, 10).map((node) => node.id)).toEqual(['b', 'c', 'd']);
    expect(chainAfter(graph, 'a', allPending, 2).map((node) => node.id)).toEqual(['b', 'c']);
    expect(chainAfter(graph, 'a', allPending, 0)).toEqual([]);
  });

  it.each([
    ['a branch: two edges out', ['a', 'b', 'x', 'c'], ['a -> b', 'b -> c', 'b -> x'], ['b']],
    ['a join: two edges in', ['a', 'b', 'x', 'c'], ['a -> b', 'b -> c', 'x -> c'], ['b']],
    ['an edge on a port (a branch or an error path)', ['a', 'b', 'c'], ['a -> b', 'b -[error]-> c'], ['b']],
  ])('stops before %s', (_case, nodes, edges, expected) => {
    // ARRANGE
    const graph = testGraph(nodes, edges);

    // ACT + ASSERT
    expect(chainAfter(graph, 'a', allPending, 10).map((node) => node.id)).toEqual(expected);
  });

  it('stops at a node that is not pending in the run (it ran before a retry of the run)', () => {
    // ARRANGE
    const graph = testGraph(['a', 'b', 'c'], ['a -> b', 'b -> c']);
    const statuses: Record<string, NodeRunStatus> = { b: 'pending', c: 'succeeded' };

    // ACT + ASSERT
    expect(chainAfter(graph, 'a', (nodeId) => statuses[nodeId], 10).map((node) => node.id)).toEqual(['b']);
  });
});

describe('agentTakesStep', () => {
  const agent: BundlingAgent = { id: 'ag-1', name: 'web-01', kind: 'worker', labels: ['windows', 'web'], capabilities: ['process', 'shell:cmd', TASK_BUNDLES_CAPABILITY] };

  it.each([
    ['no target', undefined, [], true],
    ['its labels', { labels: ['windows'] }, ['process'], true],
    ['it by id', { agent: 'ag-1' }, [], true],
    ['it by name', { agent: 'web-01' }, [], true],
    ['another agent', { agent: 'web-02' }, [], false],
    ['a label it lacks', { labels: ['linux'] }, [], false],
    ['a fan-out', { labels: ['windows'], each: true }, [], false],
    ['a capability it lacks', undefined, ['shell:powershell'], false],
    ['the desktop', undefined, [CAPABILITY_DESKTOP], false],
  ])('with %s: %s', (_case, target, capabilities, expected) => {
    expect(agentTakesStep(agent, target, capabilities)).toBe(expected);
  });

  it('refuses an agent that does not run bundles, or a Python agent', () => {
    expect(agentTakesStep({ ...agent, capabilities: ['process'] }, undefined, [])).toBe(false);
    expect(agentTakesStep({ ...agent, kind: 'python' }, undefined, [])).toBe(false);
  });
});

describe('holdsTemplate', () => {
  it.each([
    [{ values: { a: 1 } }, false],
    [{ values: { a: '{{ nodes.x.output }}' } }, true],
    [{ list: ['plain', ['{{ secrets.TOKEN }}']] }, true],
    [{ text: 'no braces here' }, false],
  ])('%j: %s', (config, expected) => {
    expect(holdsTemplate(config)).toBe(expected);
  });
});

describe('dispatchRowsOf', () => {
  it("names a single task's bundled nodes for its row, and nothing for a task without a bundle", () => {
    const step = { nodeId: 'b', nodeType: 'set', attempt: 1, idempotencyKey: 'r:b', config: {}, timeoutMs: 1, upstream: {} };
    expect(dispatchRowsOf({ fanOut: false, tasks: [{ agentId: 'ag-1', bundle: [step, { ...step, nodeId: 'c' }] }] })).toEqual({ nodeAgentId: 'ag-1', agentIds: ['ag-1'], bundle: ['b', 'c'] });
    expect(dispatchRowsOf({ fanOut: false, tasks: [{ agentId: 'ag-1' }] })).toEqual({ nodeAgentId: 'ag-1', agentIds: ['ag-1'] });
  });

  it('gives a fan-out no node agent and a task row per agent', () => {
    expect(dispatchRowsOf({ fanOut: true, tasks: [{ agentId: 'ag-1' }, { agentId: 'ag-2' }] })).toEqual({ nodeAgentId: null, agentIds: ['ag-1', 'ag-2'] });
  });
});

describe('taskTimeoutMs', () => {
  const timeouts: Record<string, number> = { a: 1_000, b: 2_000, c: 30_000 };
  const timeoutOf = (nodeId: string) => timeouts[nodeId];

  it("is the node's own timeout without a bundle, and the sum of every bundled node's with one", () => {
    expect(taskTimeoutMs({ nodeId: 'a', bundle: null }, timeoutOf)).toBe(1_000);
    expect(taskTimeoutMs({ nodeId: 'a', bundle: ['b', 'c'] }, timeoutOf)).toBe(33_000);
  });

  it('counts nothing for a bundled node the workflow no longer has', () => {
    expect(taskTimeoutMs({ nodeId: 'a', bundle: ['b', 'gone'] }, timeoutOf)).toBe(3_000);
  });
});
