import { linesOf, problemsOf } from './testing/problems';
import { testWorkflow } from './testing/test-workflows';

describe('validate: templates and expressions', () => {
  it('reports a template JSONata cannot parse, with its message and position (TEMPLATE_SYNTAX)', () => {
    // ARRANGE
    const input = testWorkflow([{ id: 'clean', type: 'shell', config: { shell: 'sh', script: 'rm {{ inputs.dir + }}' } }], [], { inputs: { dir: { type: 'string' } } });
    // ACT / ASSERT
    expect(problemsOf(input)).toEqual([
      {
        code: 'TEMPLATE_SYNTAX',
        message: 'template "{{ inputs.dir + }}": JSONata syntax error at position 12 of "inputs.dir +": Unexpected end of expression',
        nodeId: 'clean',
        path: ['nodes', 0, 'config', 'script'],
      },
    ]);
  });

  it('reports empty and unclosed templates, deep inside config', () => {
    // ARRANGE
    const input = testWorkflow([{ id: 'values', config: { values: { list: ['ok', { text: 'a {{ }} b' }, 'x {{ inputs'] } } }]);
    // ACT / ASSERT
    expect(linesOf(input)).toEqual([
      'TEMPLATE_SYNTAX node "values": config.values.list[1].text: empty template "{{}}" at position 2',
      'TEMPLATE_SYNTAX node "values": config.values.list[2]: "{{" at position 2 is never closed by "}}"',
    ]);
  });

  it('parses expression fields as whole expressions (EXPRESSION_SYNTAX)', () => {
    // ARRANGE
    const input = testWorkflow([{ id: 'check', type: 'condition', config: { expression: 'nodes.list.output.count >' } }]);
    // ACT / ASSERT
    expect(linesOf(input)).toEqual([
      'EXPRESSION_SYNTAX node "check": config.expression: JSONata syntax error at position 25 of "nodes.list.output.count >": Unexpected end of expression',
    ]);
  });

  it('reports inputs the workflow does not declare (UNDECLARED_INPUT), once per field', () => {
    // ARRANGE
    const input = testWorkflow(
      [{ id: 'clean', type: 'shell', config: { shell: 'sh', script: '{{ inputs.dir }} {{ inputs.folder }} {{ inputs.folder }}' } }],
      [],
      { inputs: { dir: { type: 'string' } } },
    );
    // ACT / ASSERT
    expect(linesOf(input)).toEqual(['UNDECLARED_INPUT node "clean": config.script: inputs.folder is not a declared input (declared inputs: dir)']);
  });

  it('does not take inherited object properties for declared inputs', () => {
    // ARRANGE
    const input = testWorkflow([{ id: 'a', config: { values: { v: '{{ inputs.constructor }}' } } }]);
    // ACT / ASSERT
    expect(problemsOf(input).map((problem) => problem.code)).toEqual(['UNDECLARED_INPUT']);
  });

  describe('node references (UNKNOWN_NODE_REFERENCE)', () => {
    /*
     *   list ──> check ──> clean
     *   other
     */
    const nodes = (expression: string) => [
      { id: 'list', type: 'file.list', config: { path: 'C:/Temp' } },
      { id: 'check', type: 'condition', config: { expression } },
      { id: 'clean', type: 'shell', config: { shell: 'sh', script: 'echo {{ nodes.list.output.count }}' } },
      'other',
    ];
    const edges = ['list -> check', 'check -> clean'];

    it('accepts nodes upstream, transitively', () => {
      expect(problemsOf(testWorkflow(nodes('nodes.list.output.count > 0'), edges))).toEqual([]);
    });

    it('refuses a node that does not exist, one that is not upstream, and the node itself', () => {
      // ACT
      const lines = linesOf(testWorkflow(nodes('nodes.nope.status and nodes.other.status and nodes.clean.status and nodes.check.port'), edges));
      // ASSERT
      expect(lines).toEqual([
        'UNKNOWN_NODE_REFERENCE node "check": config.expression: nodes.nope: there is no node "nope"',
        'UNKNOWN_NODE_REFERENCE node "check": config.expression: nodes.other: node "other" is not upstream of this node, so it may not have run yet',
        'UNKNOWN_NODE_REFERENCE node "check": config.expression: nodes.clean: node "clean" is not upstream of this node, so it may not have run yet',
        'UNKNOWN_NODE_REFERENCE node "check": config.expression: nodes.check: a node cannot read its own state',
      ]);
    });
  });

  it('checks the expression fields of a switch and a repeat too', () => {
    // ARRANGE
    const input = testWorkflow([
      { id: 'route', type: 'switch', config: { value: '(', cases: ['a'] } },
      { id: 'loop', type: 'repeat', config: { maxIterations: 3, until: 'inputs.done' } },
    ]);
    // ACT / ASSERT
    expect(problemsOf(input).map((problem) => `${problem.code} ${problem.path.join('.')}`)).toEqual([
      'EXPRESSION_SYNTAX nodes.0.config.value',
      'UNDECLARED_INPUT nodes.1.config.until',
    ]);
  });

  it('still checks templates of a node whose type is unknown', () => {
    // ACT
    const codes = problemsOf(testWorkflow([{ id: 'a', type: 'teleport', config: { to: '{{ 1 + }}' } }])).map((problem) => problem.code);
    // ASSERT
    expect(codes).toEqual(['UNKNOWN_NODE_TYPE', 'TEMPLATE_SYNTAX']);
  });
});
