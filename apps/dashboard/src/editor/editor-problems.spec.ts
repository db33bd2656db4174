import { validate } from '@runtime-hub/graph';
import { NODE_CATALOGUE } from '@runtime-hub/nodes';
import { problemEdgeKey, refusalWarnings, sortProblems } from './editor-problems';

describe('sortProblems', () => {
  it('puts a config problem on its node, without the node subject', () => {
    //   start ──> check(expression missing)
    // ARRANGE
    const result = validate(
      {
        schemaVersion: 1,
        name: 'problems',
        nodes: [
          { id: 'start', type: 'set', config: { values: {} } },
          { id: 'check', type: 'condition', config: {} },
        ],
        edges: [{ from: 'start', to: 'check' }],
      },
      NODE_CATALOGUE,
    );

    // ACT
    const problems = sortProblems(result.problems);

    // ASSERT
    expect(result.ok).toBe(false);
    expect(problems.byNode.get('check')).toEqual([expect.stringMatching(/^config\.expression: /)]);
    expect(problems.byNode.has('start')).toBe(false);
    expect(problems.all).toEqual([expect.stringMatching(/^node "check": config\.expression: /)]);
    expect(problems.workflow).toEqual([]);
  });

  it('puts an edge problem on the edge, and on the node it names', () => {
    //   a ──[nope]──> b
    const result = validate(
      {
        schemaVersion: 1,
        name: 'edges',
        nodes: [
          { id: 'a', type: 'set', config: { values: {} } },
          { id: 'b', type: 'set', config: { values: {} } },
        ],
        edges: [{ from: 'a', port: 'nope', to: 'b' }],
      },
      NODE_CATALOGUE,
    );

    const problems = sortProblems(result.problems);

    expect(problems.byEdge.get(problemEdgeKey({ from: 'a', port: 'nope', to: 'b' }))).toEqual([expect.stringContaining('has no output port "nope"')]);
    expect(problems.byNode.get('a')).toEqual([expect.stringContaining('has no output port "nope"')]);
  });

  it('lists problems of the workflow itself apart', () => {
    const result = validate({ schemaVersion: 1, name: '', nodes: [{ id: 'a', type: 'set', config: { values: {} } }] }, NODE_CATALOGUE);
    const problems = sortProblems(result.problems);
    expect(problems.workflow).toEqual([expect.stringMatching(/^workflow: name: /)]);
    expect(problems.byNode.size).toBe(0);
  });
});

describe('warnings', () => {
  it('puts each warning on its node and formats it like a problem', () => {
    const problems = sortProblems([], [{ nodeId: 'ps', message: 'no known agent has capability shell:powershell' }]);
    expect(problems.all).toEqual([]);
    expect(problems.warningsByNode.get('ps')).toEqual(['no known agent has capability shell:powershell']);
    expect(problems.warnings).toEqual(['node "ps": no known agent has capability shell:powershell']);
  });

  it('reads the problems of a refused run without their node subject', () => {
    expect(refusalWarnings([{ nodeId: 'render', message: 'node "render": no known agent has label [gpu]' }, { message: 'about the run' }])).toEqual([
      { nodeId: 'render', message: 'no known agent has label [gpu]' },
    ]);
  });
});
