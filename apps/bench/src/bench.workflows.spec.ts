import { plan, validate } from '@runtime-hub/graph';
import { NODE_CATALOGUE } from '@runtime-hub/nodes';
import { executionOf } from '@runtime-hub/nodes';
import { chainWorkflow, DECIDED, fanoutWorkflow, fleetWorkflow, oneNodeWorkflow } from './bench.workflows';

const LABELS = ['bench-test'];

function checked(definition: unknown) {
  const result = validate(definition, NODE_CATALOGUE);
  if (!result.ok) throw new Error(result.problems.map((problem) => problem.message).join('\n'));
  return result;
}

describe('bench workflows', () => {
  it('builds a chain that runs one node at a time, in order', () => {
    //   n1 ──> n2 ──> n3
    // ARRANGE
    const { graph } = checked(chainWorkflow('chain', 3, LABELS));
    // ACT
    const first = plan(graph, new Map());
    const second = plan(graph, new Map([['n1', { status: 'succeeded' as const }]]));
    // ASSERT
    expect(graph.topologicalOrder).toEqual(['n1', 'n2', 'n3']);
    expect(first.ready).toEqual(['n1']);
    expect(second.ready).toEqual(['n2']);
  });

  it('builds a fan-out whose parallel nodes are all ready at once and whose join waits for all of them', () => {
    //   p1 ──┐
    //   p2 ──┼──> join
    //   p3 ──┘
    // ARRANGE
    const { graph } = checked(fanoutWorkflow('fanout', 3, LABELS));
    // ACT
    const start = plan(graph, new Map());
    const twoDone = plan(
      graph,
      new Map([
        ['p1', { status: 'succeeded' as const }],
        ['p2', { status: 'succeeded' as const }],
        ['p3', { status: 'running' as const }],
      ]),
    );
    // ASSERT
    expect(start.ready).toEqual(['p1', 'p2', 'p3']);
    expect(twoDone.ready).toEqual([]);
  });

  it('targets the bench workers by label, with no retries and no-op set nodes', () => {
    // ARRANGE
    const { definition } = checked(oneNodeWorkflow('one', LABELS));
    // ASSERT
    expect(definition.nodes).toHaveLength(1);
    expect(definition.nodes[0]).toMatchObject({ type: 'set', config: { values: {} }, target: { labels: LABELS } });
    expect(definition.nodes.map((node) => executionOf(node))).toEqual(['agent']);
    expect(definition.defaults?.retry?.maxAttempts).toBe(1);
  });

  it('leaves the nodes of a decided chain and fan-out untargeted, so the coordinator decides them', () => {
    // ARRANGE
    const chain = checked(chainWorkflow('chain', 3, DECIDED)).definition;
    const fanout = checked(fanoutWorkflow('fanout', 3, DECIDED)).definition;
    const dispatched = checked(fanoutWorkflow('fanout', 3, LABELS)).definition;
    // ASSERT
    expect(chain.nodes.map((node) => executionOf(node))).toEqual(['coordinator', 'coordinator', 'coordinator']);
    expect(fanout.nodes.every((node) => executionOf(node) === 'coordinator')).toBe(true);
    expect(dispatched.nodes.every((node) => executionOf(node) === 'agent')).toBe(true);
  });

  it('sends the fleet node to every agent of its label, once each, with no retries', () => {
    // ARRANGE
    const { definition } = checked(fleetWorkflow('fleet', LABELS));
    // ASSERT
    expect(definition.nodes).toEqual([expect.objectContaining({ type: 'set', config: { values: {} }, target: { labels: LABELS, each: true } })]);
    expect(definition.defaults?.retry?.maxAttempts).toBe(1);
  });
});
