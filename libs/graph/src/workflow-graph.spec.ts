import { WorkflowDefinitionSchema } from '@runtime-hub/protocol';
import { testGraph, testWorkflow } from './testing/test-workflows';
import { WorkflowGraph } from './workflow-graph';

describe('WorkflowGraph', () => {
  /*
   *   d ──> b ──> e
   *   a ──> c ──┘
   *   (definition order: a, b, c, d, e)
   */
  const graph = testGraph(['a', 'b', 'c', 'd', 'e'], ['d -> b', 'a -> c', 'b -> e', 'c -> e']);

  it('looks nodes and edges up by id', () => {
    // ASSERT
    expect(graph.node('c')?.id).toBe('c');
    expect(graph.node('nope')).toBeUndefined();
    expect(graph.incoming('e').map((edge) => edge.from)).toEqual(['b', 'c']);
    expect(graph.outgoing('a').map((edge) => edge.to)).toEqual(['c']);
    expect(graph.incoming('nope')).toEqual([]);
  });

  it('lists node ids in definition order and roots among them', () => {
    // ASSERT
    expect(graph.nodeIds).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(graph.roots).toEqual(['a', 'd']);
  });

  it('orders topologically, breaking ties by definition order', () => {
    // a and d are both free at first: a comes first in the definition. Then c (freed by a)
    // comes before d, since c was defined before d.
    // ASSERT
    expect(graph.topologicalOrder).toEqual(['a', 'c', 'd', 'b', 'e']);
  });

  it('gives the transitive upstream of a node, and the same set on a second call', () => {
    // ACT
    const upstream = graph.upstreamOf('e');
    // ASSERT
    expect([...upstream].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(graph.upstreamOf('e')).toBe(upstream);
    expect(graph.upstreamOf('a').size).toBe(0);
  });

  it('reuses memoized upstream sets and stays right', () => {
    /*
     *   a ──> b ──> c ──> d
     */
    // ARRANGE
    const chain = testGraph(['a', 'b', 'c', 'd'], ['a -> b', 'b -> c', 'c -> d']);
    // ACT
    const ofC = chain.upstreamOf('c');
    const ofD = chain.upstreamOf('d');
    // ASSERT
    expect([...ofC].sort()).toEqual(['a', 'b']);
    expect([...ofD].sort()).toEqual(['a', 'b', 'c']);
  });

  it('leaves out edges to unknown nodes and keeps the first of duplicate ids', () => {
    // ARRANGE
    const definition = WorkflowDefinitionSchema.parse(
      testWorkflow([{ id: 'a', name: 'first' }, { id: 'a', name: 'second' }, 'b'], ['a -> b', 'ghost -> b', 'b -> nowhere']),
    );
    // ACT
    const odd = WorkflowGraph.from(definition);
    // ASSERT
    expect(odd.nodeIds).toEqual(['a', 'b']);
    expect(odd.node('a')?.name).toBe('first');
    expect(odd.incoming('b')).toEqual([{ from: 'a', to: 'b' }]);
    expect(odd.outgoing('b')).toEqual([]);
  });

  it('still lists every node once in topological order when a cycle blocks some', () => {
    /*
     *   r ──> x ──> y ──> x   (x and y on a cycle)
     */
    // ARRANGE
    const cyclic = testGraph(['x', 'r', 'y'], ['r -> x', 'x -> y', 'y -> x']);
    // ASSERT
    expect(cyclic.topologicalOrder).toEqual(['r', 'x', 'y']);
    expect(cyclic.upstreamOf('x').has('x')).toBe(true);
  });

  it('orders a long chain without recursion', () => {
    // ARRANGE
    const ids = Array.from({ length: 20_000 }, (_, index) => `n${index}`);
    const edges = ids.slice(1).map((id, index) => `n${index} -> ${id}`);
    // ACT
    const long = testGraph([...ids].reverse(), edges);
    // ASSERT
    expect(long.topologicalOrder).toEqual(ids);
    expect(long.upstreamOf('n19999').size).toBe(19_999);
  });
});
