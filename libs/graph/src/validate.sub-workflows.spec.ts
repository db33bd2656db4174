import { MAX_SUB_WORKFLOW_DEPTH } from './limits';
import { linesOf, problemsOf } from './testing/problems';
import { testWorkflow } from './testing/test-workflows';

/** A workflow whose single node calls `inner` inline. */
const calling = (inner: unknown) => testWorkflow([{ id: 'call', type: 'workflow.call', config: { workflow: inner } }]);

describe('validate: inline sub-workflows', () => {
  it('validates an inline workflow with the same catalogue and places its problems under the outer node', () => {
    /*
     *   outer:  call ( inner:  first ──> clean ; first ──> ghost )
     */
    // ARRANGE
    const inner = testWorkflow(
      ['first', { id: 'clean', type: 'shell', config: { shell: 'zsh', script: 'x' } }],
      ['first -> clean', 'first -> ghost'],
    );
    // ACT
    const problems = problemsOf(calling(inner));
    // ASSERT
    expect(problems).toEqual([
      {
        code: 'INVALID_CONFIG',
        message: 'in sub-workflow node "clean": expected one of powershell|pwsh|cmd|sh|bash',
        nodeId: 'call',
        path: ['nodes', 0, 'config', 'workflow', 'nodes', 1, 'config', 'shell'],
      },
      {
        code: 'EDGE_UNKNOWN_NODE',
        message: 'in sub-workflow edge first -> ghost: the edge goes to "ghost", which is not a node of this workflow',
        nodeId: 'call',
        path: ['nodes', 0, 'config', 'workflow', 'edges', 1, 'to'],
      },
    ]);
  });

  it('reports schema problems of the inline workflow, and only once', () => {
    // ACT / ASSERT
    expect(linesOf(calling({ schemaVersion: 1, nodes: [{ id: 'a', type: 'set' }] }))).toEqual([
      'INVALID_DEFINITION node "call": config.workflow.name: in the sub-workflow: required',
    ]);
  });

  it('gives the inline workflow its own scope: its inputs and nodes, not the outer ones', () => {
    // ARRANGE
    const inner = testWorkflow([{ id: 'inside', type: 'set', config: { values: { a: '{{ inputs.outerOnly }}' } } }]);
    const outer = testWorkflow([{ id: 'call', type: 'workflow.call', config: { workflow: inner } }], [], { inputs: { outerOnly: { type: 'string' } } });
    // ACT / ASSERT
    expect(problemsOf(outer).map((problem) => problem.code)).toEqual(['UNDECLARED_INPUT']);
  });

  it('accepts a stored workflow named by id, and a valid inline one', () => {
    expect(problemsOf(testWorkflow([{ id: 'call', type: 'workflow.call', config: { workflow: 'cleanup-v2' } }]))).toEqual([]);
    expect(problemsOf(calling(testWorkflow(['a', 'b'], ['a -> b'])))).toEqual([]);
  });

  it(`refuses nesting deeper than ${MAX_SUB_WORKFLOW_DEPTH} levels`, () => {
    // ARRANGE
    let workflow: unknown = testWorkflow(['leaf']);
    for (let level = 0; level < MAX_SUB_WORKFLOW_DEPTH + 3; level += 1) workflow = calling(workflow);
    // ACT
    const problems = problemsOf(workflow);
    // ASSERT
    expect(problems).toHaveLength(1);
    expect(problems[0]?.code).toBe('INVALID_CONFIG');
    expect(problems[0]?.message).toMatch(new RegExp(`sub-workflows nest more than ${MAX_SUB_WORKFLOW_DEPTH} levels deep$`));
    expect(problems[0]?.path.filter((segment) => segment === 'workflow')).toHaveLength(MAX_SUB_WORKFLOW_DEPTH + 1);
  });
});
