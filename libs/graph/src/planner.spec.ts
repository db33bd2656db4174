import type { NodeRunState } from './planner';
import { plan } from './planner';
import { testGraph } from './testing/test-workflows';

/** States from a compact map: `{ a: 'succeeded', c: ['succeeded', 'true'] }`. */
function states(entries: Record<string, NodeRunState['status'] | [NodeRunState['status'], string]>): Map<string, NodeRunState> {
  return new Map(
    Object.entries(entries).map(([id, value]) => [id, Array.isArray(value) ? { status: value[0], port: value[1] } : { status: value }]),
  );
}

describe('plan', () => {
  describe('roots and a chain', () => {
    /*
     *   a ──> b ──> c
     */
    const graph = testGraph(['a', 'b', 'c'], ['a -> b', 'b -> c']);

    it('readies only the roots at the start (a missing state means pending)', () => {
      // ACT
      const result = plan(graph, new Map());
      // ASSERT
      expect(result).toEqual({ ready: ['a'], skipped: [], outcome: null });
    });

    it('readies nothing while the upstream node runs, and never a node that is not pending', () => {
      // ARRANGE
      const running = states({ a: 'running' });
      // ACT
      const result = plan(graph, running);
      // ASSERT
      expect(result).toEqual({ ready: [], skipped: [], outcome: null });
    });

    it('readies the next node once its upstream succeeded, and reports the outcome at the end', () => {
      // ACT
      const middle = plan(graph, states({ a: 'succeeded' }));
      const end = plan(graph, states({ a: 'succeeded', b: 'succeeded', c: 'succeeded' }));
      // ASSERT
      expect(middle.ready).toEqual(['b']);
      expect(end).toEqual({ ready: [], skipped: [], outcome: { status: 'succeeded', failedNodes: [] } });
    });
  });

  describe('a diamond', () => {
    /*
     *        ┌──> b ──┐
     *   a ───┤        ├──> d
     *        └──> c ──┘
     */
    const graph = testGraph(['a', 'b', 'c', 'd'], ['a -> b', 'a -> c', 'b -> d', 'c -> d']);

    it('readies both branches together, in topological order', () => {
      // ACT
      const result = plan(graph, states({ a: 'succeeded' }));
      // ASSERT
      expect(result.ready).toEqual(['b', 'c']);
    });

    it('waits for every incoming edge before the join (join all)', () => {
      // ACT
      const halfway = plan(graph, states({ a: 'succeeded', b: 'succeeded', c: 'running' }));
      const joined = plan(graph, states({ a: 'succeeded', b: 'succeeded', c: 'succeeded' }));
      // ASSERT
      expect(halfway.ready).toEqual([]);
      expect(joined.ready).toEqual(['d']);
    });

    it('runs the join when one branch was skipped and the other taken', () => {
      // ACT
      const result = plan(graph, states({ a: 'succeeded', b: 'skipped', c: 'succeeded' }));
      // ASSERT
      expect(result.ready).toEqual(['d']);
    });
  });

  describe('condition branches', () => {
    /*
     *              ┌─[true]──> yes ──> yes2 ──> yes3
     *   check ─────┤
     *              └─[false]─> no
     *   (check fired `false`: the whole `yes` chain is skipped in one call)
     */
    const graph = testGraph(
      ['check', 'yes', 'yes2', 'yes3', 'no'],
      ['check -[true]-> yes', 'yes -> yes2', 'yes2 -> yes3', 'check -[false]-> no'],
    );

    it('takes the fired port, and propagates the skip of the other branch through every level', () => {
      // ARRANGE
      const fired = states({ check: ['succeeded', 'false'] });
      // ACT
      const result = plan(graph, fired);
      // ASSERT
      expect(result.ready).toEqual(['no']);
      expect(result.skipped).toEqual(['yes', 'yes2', 'yes3']);
      expect(result.outcome).toBeNull();
    });

    it('reports the outcome in the same call that skips the last pending nodes', () => {
      // ARRANGE
      const done = states({ check: ['succeeded', 'true'], yes: 'succeeded', yes2: 'succeeded', yes3: 'succeeded' });
      // ACT
      const result = plan(graph, done);
      // ASSERT
      expect(result.skipped).toEqual(['no']);
      expect(result.outcome).toEqual({ status: 'succeeded', failedNodes: [] });
    });

    it('treats a port-less edge out of a condition as taken whichever port fired', () => {
      /*
       *   check ──> log
       */
      // ARRANGE
      const simple = testGraph(['check', 'log'], ['check -> log']);
      // ACT
      const result = plan(simple, states({ check: ['succeeded', 'false'] }));
      // ASSERT
      expect(result.ready).toEqual(['log']);
    });

    it('defaults the fired port to `out`', () => {
      /*
       *   a ─[out]──> b
       *   a ─[other]─> c
       */
      // ARRANGE
      const ports = testGraph(['a', 'b', 'c'], ['a -[out]-> b', 'a -[other]-> c']);
      // ACT
      const result = plan(ports, states({ a: 'succeeded' }));
      // ASSERT
      expect(result).toMatchObject({ ready: ['b'], skipped: ['c'] });
    });
  });

  describe('join any', () => {
    /*
     *   a ─[true]──> fast ──┐
     *   a ─[false]─> slow ──┼──> after (join any)
     *   b ──────────────────┘
     */
    const graph = testGraph(
      ['a', 'b', 'fast', 'slow', { id: 'after', join: 'any' }],
      ['a -[true]-> fast', 'a -[false]-> slow', 'fast -> after', 'slow -> after', 'b -> after'],
    );

    it('readies as soon as one incoming edge is taken, the others still unsettled', () => {
      // ACT
      const result = plan(graph, states({ a: ['succeeded', 'true'], fast: 'succeeded', b: 'running' }));
      // ASSERT
      expect(result.ready).toEqual(['after']);
      expect(result.skipped).toEqual(['slow']);
    });

    it('skips only when every incoming edge is dead', () => {
      // ACT
      const waiting = plan(graph, states({ a: ['succeeded', 'true'], fast: 'skipped', b: 'running' }));
      const dead = plan(graph, states({ a: ['succeeded', 'true'], fast: 'skipped', b: 'failed' }));
      // ASSERT
      expect(waiting).toMatchObject({ ready: [], skipped: ['slow'] });
      expect(dead).toMatchObject({ ready: [], skipped: ['slow', 'after'] });
    });
  });

  describe('failures', () => {
    /*
     *   a ──> b ──> c          (b fails: c is skipped)
     *   x ──> y                (an independent branch keeps running)
     */
    const graph = testGraph(['a', 'b', 'c', 'x', 'y'], ['a -> b', 'b -> c', 'x -> y']);

    it('skips what depends on a failure and keeps independent branches running', () => {
      // ACT
      const result = plan(graph, states({ a: 'succeeded', b: 'failed', x: 'succeeded' }));
      // ASSERT
      expect(result).toEqual({ ready: ['y'], skipped: ['c'], outcome: null });
    });

    it('ends failed, naming the nodes whose failure nothing handled', () => {
      // ACT
      const result = plan(graph, states({ a: 'succeeded', b: 'failed', c: 'skipped', x: 'succeeded', y: 'failed' }));
      // ASSERT
      expect(result.outcome).toEqual({ status: 'failed', failedNodes: ['b', 'y'] });
    });

    it('treats edges out of a cancelled node as dead', () => {
      // ACT
      const result = plan(graph, states({ a: 'succeeded', b: 'cancelled', x: 'succeeded', y: 'succeeded' }));
      // ASSERT
      expect(result.skipped).toEqual(['c']);
      expect(result.outcome).toEqual({ status: 'succeeded', failedNodes: [] });
    });
  });

  describe('the error port', () => {
    /*
     *   work ──────────> next
     *   work ─[error]──> cleanup
     */
    const graph = testGraph(['work', 'next', 'cleanup'], ['work -> next', 'work -[error]-> cleanup']);

    it('takes the error edge when the source fails, and the failure is handled', () => {
      // ACT
      const failed = plan(graph, states({ work: 'failed' }));
      const handled = plan(graph, states({ work: 'failed', next: 'skipped', cleanup: 'succeeded' }));
      // ASSERT
      expect(failed).toEqual({ ready: ['cleanup'], skipped: ['next'], outcome: null });
      expect(handled.outcome).toEqual({ status: 'succeeded', failedNodes: [] });
    });

    it('leaves the error edge dead when the source succeeds', () => {
      // ACT
      const result = plan(graph, states({ work: 'succeeded' }));
      // ASSERT
      expect(result).toEqual({ ready: ['next'], skipped: ['cleanup'], outcome: null });
    });
  });

  it('ignores states of nodes the graph does not have, and never changes its input', () => {
    /*
     *   a ──> b
     */
    // ARRANGE
    const graph = testGraph(['a', 'b'], ['a -> b']);
    const input = states({ a: 'succeeded', ghost: 'failed' });
    const before = JSON.stringify([...input]);
    // ACT
    const result = plan(graph, input);
    // ASSERT
    expect(result.ready).toEqual(['b']);
    expect(JSON.stringify([...input])).toBe(before);
  });
});
