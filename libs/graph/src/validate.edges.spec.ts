import { linesOf, problemsOf } from './testing/problems';
import { testWorkflow } from './testing/test-workflows';

describe('validate: edges', () => {
  it('reports each end of an edge that names no node (EDGE_UNKNOWN_NODE)', () => {
    /*
     *   ghost ──> a ──> nowhere ;  x ──> y  (neither exists)
     */
    // ACT
    const problems = problemsOf(testWorkflow(['a'], ['ghost -> a', 'a -> nowhere', 'x -> y']));
    // ASSERT
    expect(problems.map((problem) => [problem.code, problem.nodeId, problem.path.join('.')])).toEqual([
      ['EDGE_UNKNOWN_NODE', 'a', 'edges.0.from'],
      ['EDGE_UNKNOWN_NODE', 'a', 'edges.1.to'],
      ['EDGE_UNKNOWN_NODE', undefined, 'edges.2.from'],
      ['EDGE_UNKNOWN_NODE', undefined, 'edges.2.to'],
    ]);
    expect(problems[0]).toMatchObject({ edge: { from: 'ghost', to: 'a' }, message: 'the edge leaves from "ghost", which is not a node of this workflow' });
  });

  it('reports an edge drawn twice (DUPLICATE_EDGE), `in` and no toPort being the same', () => {
    /*
     *   a ──> b  (three times, the third with toPort "in")
     *   a ─[out]─> b  (a different edge: taken only on `out`)
     */
    // ARRANGE
    const input = testWorkflow(['a', 'b'], ['a -> b', 'a -> b', 'a -[out]-> b']);
    input.edges = [...(input.edges ?? []), { from: 'a', to: 'b', toPort: 'in' }];
    // ACT
    const lines = linesOf(input);
    // ASSERT
    expect(lines).toEqual(['DUPLICATE_EDGE edge a -> b: the same edge as edges[0]', 'DUPLICATE_EDGE edge a -> b: the same edge as edges[0]']);
  });

  describe('ports (EDGE_UNKNOWN_PORT)', () => {
    it('checks `port` against the output ports of the source, `error` always allowed', () => {
      /*
       *   check ─[yes]───> a
       *   check ─[true]──> b
       *   check ─[error]─> c
       */
      // ARRANGE
      const input = testWorkflow(
        [{ id: 'check', type: 'condition', config: { expression: 'true' } }, 'a', 'b', 'c'],
        ['check -[yes]-> a', 'check -[true]-> b', 'check -[error]-> c'],
      );
      // ACT / ASSERT
      expect(linesOf(input)).toEqual(['EDGE_UNKNOWN_PORT edge check -[yes]-> a: port: node "check" (condition) has no output port "yes"; its ports are true|false|error']);
    });

    it('takes the ports of a switch from its config', () => {
      /*
       *   route ─[small]─> a ;  route ─[large]─> b ;  route ─[default]─> c ;  route ─[huge]─> d
       */
      // ARRANGE
      const input = testWorkflow(
        [{ id: 'route', type: 'switch', config: { value: 'inputs.size', cases: ['small', 'large'] } }, 'a', 'b', 'c', 'd'],
        ['route -[small]-> a', 'route -[large]-> b', 'route -[default]-> c', 'route -[huge]-> d'],
        { inputs: { size: { type: 'string' } } },
      );
      // ACT / ASSERT
      expect(linesOf(input)).toEqual(['EDGE_UNKNOWN_PORT edge route -[huge]-> d: port: node "route" (switch) has no output port "huge"; its ports are small|large|default|error']);
    });

    it('checks `toPort` (default `in`) against the input ports of the target', () => {
      // ARRANGE
      const input = testWorkflow(['a', 'b']);
      input.edges = [{ from: 'a', to: 'b', toPort: 'items' }];
      // ACT / ASSERT
      expect(problemsOf(input)).toEqual([
        {
          code: 'EDGE_UNKNOWN_PORT',
          message: 'node "b" (set) has no input port "items"; its input ports are in',
          nodeId: 'b',
          edge: { from: 'a', to: 'b' },
          path: ['edges', 0, 'toPort'],
        },
      ]);
    });

    it('leaves output ports unchecked when the config that defines them is invalid', () => {
      // ARRANGE: the switch has no cases, so its ports are unknown; only the config is reported.
      const input = testWorkflow([{ id: 'route', type: 'switch', config: { value: '1' } }, 'a'], ['route -[whatever]-> a']);
      // ACT / ASSERT
      expect(problemsOf(input).map((problem) => problem.code)).toEqual(['INVALID_CONFIG']);
    });
  });

  describe('port types (PORT_TYPE_MISMATCH)', () => {
    it('refuses what the input port does not accept', () => {
      /*
       *   values (object) ──> total (accepts only array)
       */
      // ARRANGE
      const input = testWorkflow(['values', { id: 'total', type: 'sum' }], ['values -> total']);
      // ACT / ASSERT
      expect(problemsOf(input)).toEqual([
        {
          code: 'PORT_TYPE_MISMATCH',
          message: 'the output of "values" carries object, but input "in" of "total" (sum) accepts only array',
          nodeId: 'total',
          edge: { from: 'values', to: 'total' },
          path: ['edges', 0],
        },
      ]);
    });

    it('accepts the right type, and `any` everywhere', () => {
      /*
       *   numbers (array) ──> total ;  call (any) ──> total2
       */
      // ARRANGE
      const input = testWorkflow(
        [
          { id: 'numbers', type: 'range', config: { count: 3 } },
          { id: 'total', type: 'sum' },
          { id: 'call', type: 'workflow.call', config: { workflow: 'stored-id' } },
          { id: 'total2', type: 'sum' },
        ],
        ['numbers -> total', 'call -> total2'],
      );
      // ACT / ASSERT
      expect(problemsOf(input)).toEqual([]);
    });

    it('gives the error port the type `error`', () => {
      /*
       *   numbers ─[error]─> total (accepts only array)
       */
      // ARRANGE
      const input = testWorkflow([{ id: 'numbers', type: 'range', config: { count: 3 } }, { id: 'total', type: 'sum' }], ['numbers -[error]-> total']);
      // ACT / ASSERT
      expect(linesOf(input)).toEqual([
        'PORT_TYPE_MISMATCH edge numbers -[error]-> total: port "error" of "numbers" carries error, but input "in" of "total" (sum) accepts only array',
      ]);
    });
  });
});
