import { linesOf, problemsOf } from './testing/problems';
import { testWorkflow } from './testing/test-workflows';

describe('validate: nodes', () => {
  it('reports every repeat of a node id (DUPLICATE_NODE_ID)', () => {
    // ACT
    const problems = problemsOf(testWorkflow(['a', 'b', 'a', 'a']));
    // ASSERT
    expect(problems).toEqual([
      { code: 'DUPLICATE_NODE_ID', message: 'node id "a" is already used by nodes[0]', nodeId: 'a', path: ['nodes', 2, 'id'] },
      { code: 'DUPLICATE_NODE_ID', message: 'node id "a" is already used by nodes[0]', nodeId: 'a', path: ['nodes', 3, 'id'] },
    ]);
  });

  it('still checks the type and config of a node whose id is repeated', () => {
    // ACT
    const codes = problemsOf(testWorkflow(['a', { id: 'a', type: 'range', config: {} }])).map((problem) => problem.code);
    // ASSERT
    expect(codes).toEqual(['DUPLICATE_NODE_ID', 'INVALID_CONFIG']);
  });

  it('reports a type the catalogue does not have (UNKNOWN_NODE_TYPE)', () => {
    // ACT
    const problems = problemsOf(testWorkflow([{ id: 'go', type: 'teleport' }]));
    // ASSERT
    expect(problems).toEqual([{ code: 'UNKNOWN_NODE_TYPE', message: 'unknown node type "teleport"', nodeId: 'go', path: ['nodes', 0, 'type'] }]);
  });

  describe('config (INVALID_CONFIG)', () => {
    it('parses config with the type schema and lists every issue', () => {
      // ACT
      const lines = linesOf(testWorkflow([{ id: 'clean', type: 'shell', config: { shell: 'zsh', typo: 1 } }]));
      // ASSERT
      expect(lines).toEqual([
        'INVALID_CONFIG node "clean": config.shell: expected one of powershell|pwsh|cmd|sh|bash',
        'INVALID_CONFIG node "clean": config.script: required',
        'INVALID_CONFIG node "clean": config: unknown key "typo"',
      ]);
    });

    it('drops issues on strings holding templates: those are checked after they resolve', () => {
      // ARRANGE: `shell` is an enum and `count` a number, but both come from inputs at run time.
      const input = testWorkflow(
        [
          { id: 'clean', type: 'shell', config: { shell: '{{ inputs.shell }}', script: 'dir' } },
          { id: 'numbers', type: 'range', config: { count: '{{ inputs.count }}' } },
        ],
        [],
        { inputs: { shell: { type: 'string' }, count: { type: 'number' } } },
      );
      // ACT / ASSERT
      expect(problemsOf(input)).toEqual([]);
    });

    it('keeps issues on strings without templates', () => {
      // ACT
      const lines = linesOf(testWorkflow([{ id: 'numbers', type: 'range', config: { count: 'three' } }]));
      // ASSERT
      expect(lines).toEqual(['INVALID_CONFIG node "numbers": config.count: expected number, received string']);
    });

    it('fills config defaults without complaint when config is left out', () => {
      expect(problemsOf(testWorkflow([{ id: 'values', type: 'set' }]))).toEqual([]);
    });
  });
});
