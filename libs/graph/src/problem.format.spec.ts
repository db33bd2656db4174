import { formatProblem } from './problem.format';
import type { ValidationProblem } from './validation.types';

describe('formatProblem', () => {
  it('names a node and the path inside it', () => {
    // ARRANGE
    const problem: ValidationProblem = {
      code: 'INVALID_CONFIG',
      message: 'expected one of powershell|pwsh|cmd|sh|bash',
      nodeId: 'clean',
      path: ['nodes', 2, 'config', 'shell'],
    };
    // ACT / ASSERT
    expect(formatProblem(problem)).toBe('node "clean": config.shell: expected one of powershell|pwsh|cmd|sh|bash');
  });

  it('names an edge with its port, and prefers the edge to its node', () => {
    // ARRANGE
    const problem: ValidationProblem = {
      code: 'EDGE_UNKNOWN_PORT',
      message: 'node "any" (condition) has no output port "yes"',
      nodeId: 'any',
      edge: { from: 'any', to: 'clean', port: 'yes' },
      path: ['edges', 1, 'port'],
    };
    // ACT / ASSERT
    expect(formatProblem(problem)).toBe('edge any -[yes]-> clean: port: node "any" (condition) has no output port "yes"');
    expect(formatProblem({ ...problem, edge: { from: 'a', to: 'b' }, path: ['edges', 0] })).toBe('edge a -> b: node "any" (condition) has no output port "yes"');
  });

  it('names the workflow when a problem is about neither, quoting odd keys and indexing arrays', () => {
    expect(formatProblem({ code: 'INVALID_DEFINITION', message: 'too short', path: ['name'] })).toBe('workflow: name: too short');
    expect(formatProblem({ code: 'INVALID_DEFINITION', message: 'bad', path: ['inputs', 'a-b', 'type'] })).toBe('workflow: inputs["a-b"].type: bad');
    expect(formatProblem({ code: 'INVALID_DEFINITION', message: 'bad', path: ['nodes', 3, 'id'] })).toBe('workflow: nodes[3].id: bad');
    expect(formatProblem({ code: 'INVALID_DEFINITION', message: 'not an object', path: [] })).toBe('workflow: not an object');
  });

  it('leaves the path out when it is the subject itself', () => {
    expect(formatProblem({ code: 'CYCLE', message: 'cycle: a -> b -> a', nodeId: 'a', path: ['nodes', 0] })).toBe('node "a": cycle: a -> b -> a');
  });
});
