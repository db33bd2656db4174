import { linesOf, problemsOf } from './testing/problems';
import { TEST_CATALOGUE } from './testing/test-catalogue';
import { testWorkflow } from './testing/test-workflows';
import { validate } from './validate';

describe('validate: the schema (INVALID_DEFINITION)', () => {
  it('accepts a valid workflow and returns the parsed definition and its graph', () => {
    /*
     *   list ──> any ─[true]──> clean
     */
    // ARRANGE
    const input = testWorkflow(
      [
        { id: 'list', type: 'file.list', config: { path: '{{ inputs.dir }}' } },
        { id: 'any', type: 'condition', config: { expression: 'nodes.list.output.count > 0' } },
        { id: 'clean', type: 'shell', config: { shell: 'powershell', script: 'Remove-Item -Recurse {{ inputs.dir }}/*' } },
      ],
      ['list -> any', 'any -[true]-> clean'],
      { inputs: { dir: { type: 'string', default: 'C:/Temp' } } },
    );
    // ACT
    const result = validate(input, TEST_CATALOGUE);
    // ASSERT
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.problems).toEqual([]);
    expect(result.definition.defaults).toEqual({});
    expect(result.graph.topologicalOrder).toEqual(['list', 'any', 'clean']);
  });

  it('reports every schema issue at its JSON path', () => {
    // ACT
    const problems = problemsOf({ schemaVersion: 2, name: '', nodes: [], extra: true });
    // ASSERT
    expect(problems.map((problem) => [problem.code, problem.path.join('.'), problem.message])).toEqual([
      ['INVALID_DEFINITION', 'schemaVersion', 'expected 1'],
      ['INVALID_DEFINITION', 'name', 'must not be empty'],
      ['INVALID_DEFINITION', 'nodes', 'a workflow needs at least one node'],
      ['INVALID_DEFINITION', '', 'unknown key "extra"'],
    ]);
  });

  it('names the node or edge an issue is under', () => {
    // ARRANGE
    const input = {
      schemaVersion: 1,
      name: 'x',
      nodes: [{ id: 'clean', type: 'shell', timeoutMs: -1 }, { type: 'set' }],
      edges: [{ from: 'clean', to: 'other', port: '' }],
    };
    // ACT
    const lines = linesOf(input);
    // ASSERT
    expect(lines).toEqual([
      'INVALID_DEFINITION node "clean": timeoutMs: Too small: expected number to be >=1',
      'INVALID_DEFINITION workflow: nodes[1].id: required',
      'INVALID_DEFINITION edge clean -[]-> other: port: must not be empty',
    ]);
  });

  it('reports the closest branch of a failed target union instead of "Invalid input"', () => {
    // ACT
    const lines = linesOf(testWorkflow([{ id: 'a', target: { labels: 'windows' } as never }]));
    // ASSERT
    expect(lines).toEqual(['INVALID_DEFINITION node "a": target.labels: expected array, received string']);
  });

  it('reports the rule an input name breaks', () => {
    // ACT
    const lines = linesOf(testWorkflow(['a'], [], { inputs: { 'bad-name': { type: 'string' } } }));
    // ASSERT
    expect(lines).toEqual(['INVALID_DEFINITION workflow: inputs["bad-name"]: an input name holds only letters, digits and _']);
  });

  it('never throws, whatever the input', () => {
    for (const input of [null, undefined, 'workflow', 42, [], [1, 2], { nodes: 'x' }, { nodes: [null, 1, 'a'] }]) {
      const result = validate(input, TEST_CATALOGUE);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems.every((problem) => problem.code === 'INVALID_DEFINITION')).toBe(true);
    }
  });

  it('reports an input it cannot read instead of throwing', () => {
    // ARRANGE: not JSON, but a caller could pass it.
    const hostile = { schemaVersion: 1, name: 'x', nodes: [{ id: 'a', type: 'set' }] };
    Object.defineProperty(hostile.nodes[0], 'config', { enumerable: true, get: () => { throw new Error('no reading me'); } });
    // ACT
    const result = validate(hostile, TEST_CATALOGUE);
    // ASSERT
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.map((problem) => problem.code)).toEqual(['INVALID_DEFINITION']);
  });

  describe('on a definition that fails the schema, the checks that stay meaningful still run', () => {
    it('checks the nodes and edges that pass on their own', () => {
      /*
       *   a ──> b ──> a     (a cycle, reported although `name` is missing)
       *   a ──> ghost
       */
      // ARRANGE
      const input = {
        schemaVersion: 1,
        nodes: [
          { id: 'a', type: 'set' },
          { id: 'b', type: 'teleport' },
          { id: 'c', type: 'shell', config: { shell: 'zsh', script: '' } },
          { id: 'broken', type: 'set', unknownField: 1 },
        ],
        edges: [
          { from: 'a', to: 'b' },
          { from: 'b', to: 'a' },
          { from: 'a', to: 'ghost' },
          { from: 'a', to: 'broken' },
        ],
      };
      // ACT
      const codes = problemsOf(input).map((problem) => `${problem.code} ${problem.nodeId ?? ''}`);
      // ASSERT: `broken` fails the schema, but it exists, so the edge to it is not "unknown".
      expect(codes).toEqual([
        'INVALID_DEFINITION ',
        'INVALID_DEFINITION broken',
        'UNKNOWN_NODE_TYPE b',
        'INVALID_CONFIG c',
        'EDGE_UNKNOWN_NODE a',
        'CYCLE a',
      ]);
    });

    it('does not report unreachable nodes or non-upstream references, which need every edge', () => {
      /*
       *   a ──> b ──> a ;  b ──> c   (c would be unreachable; d reads c, not upstream of it)
       */
      // ARRANGE
      const input = testWorkflow(
        ['a', 'b', 'c', { id: 'd', type: 'condition', config: { expression: 'nodes.c.status = "x" and nodes.zz.status' } }],
        ['a -> b', 'b -> a', 'b -> c'],
        { name: '' },
      );
      // ACT
      const codes = problemsOf(input).map((problem) => problem.code);
      // ASSERT
      expect(codes).toEqual(['INVALID_DEFINITION', 'CYCLE', 'UNKNOWN_NODE_REFERENCE']);
    });
  });
});
