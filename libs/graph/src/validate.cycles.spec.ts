import { linesOf, problemsOf } from './testing/problems';
import { testWorkflow } from './testing/test-workflows';

describe('validate: cycles and reachability', () => {
  it('names the nodes of a cycle in order, once per cycle (CYCLE)', () => {
    /*
     *   start ──> a ──> b ──> c ──> a
     *   x ──> x
     */
    // ARRANGE
    const input = testWorkflow(['start', 'c', 'a', 'b', 'x'], ['start -> a', 'a -> b', 'b -> c', 'c -> a', 'x -> x']);
    // ACT
    const problems = problemsOf(input);
    // ASSERT: each cycle starts at its node that comes first in the definition.
    expect(problems).toEqual([
      { code: 'CYCLE', message: 'cycle: c -> a -> b -> c', nodeId: 'c', path: ['nodes', 1] },
      { code: 'CYCLE', message: 'cycle: x -> x', nodeId: 'x', path: ['nodes', 4] },
    ]);
  });

  it('reports a tangle of cycles once: its shortest cycle through its first node, naming the other nodes', () => {
    /*
     *   a ──> b ──> c ──> a
     *   b ──> a
     */
    // ACT / ASSERT
    expect(linesOf(testWorkflow(['a', 'b', 'c'], ['a -> b', 'b -> c', 'c -> a', 'b -> a']))).toEqual([
      'CYCLE node "a": cycle: a -> b -> a (c is on cycles through these nodes too)',
    ]);
  });

  it('reports nodes that only a cycle leads to as unreachable (UNREACHABLE_NODE), not the cycle again', () => {
    /*
     *   root ──> ok
     *   a ──> b ──> a
     *         b ──> below ──> further
     */
    // ARRANGE
    const input = testWorkflow(['root', 'ok', 'a', 'b', 'below', 'further'], ['root -> ok', 'a -> b', 'b -> a', 'b -> below', 'below -> further']);
    // ACT / ASSERT
    expect(linesOf(input)).toEqual([
      'CYCLE node "a": cycle: a -> b -> a',
      'UNREACHABLE_NODE node "below": no path from a starting node (one without incoming edges) reaches this node',
      'UNREACHABLE_NODE node "further": no path from a starting node (one without incoming edges) reaches this node',
    ]);
  });

  it('finds no problem in a DAG with several roots', () => {
    /*
     *   a ──> c <── b
     */
    expect(problemsOf(testWorkflow(['a', 'b', 'c'], ['a -> c', 'b -> c']))).toEqual([]);
  });
});
