import { buildScope } from './expression-scope';

describe('buildScope', () => {
  const run = { id: 'run-1', inputs: { dir: 'C:/Temp' }, workflowId: 'wf', workflowName: 'clear-temp', workflowVersion: 3 };

  it('holds settled nodes only, with output for the succeeded ones', () => {
    // ACT
    const scope = buildScope(
      run,
      [
        { nodeId: 'list', status: 'succeeded', port: 'out', output: { count: 2 } },
        { nodeId: 'check', status: 'failed', port: null, output: null },
        { nodeId: 'other', status: 'skipped', port: null, output: null },
        { nodeId: 'busy', status: 'running', port: null, output: null },
      ],
      2,
    );

    // ASSERT
    expect(scope).toEqual({
      inputs: { dir: 'C:/Temp' },
      nodes: {
        list: { status: 'succeeded', port: 'out', output: { count: 2 } },
        check: { status: 'failed' },
        other: { status: 'skipped' },
      },
      run: { id: 'run-1', workflowId: 'wf', workflowName: 'clear-temp', workflowVersion: 3, attempt: 2 },
    });
  });

  it('gives a succeeded node without output null, so templates can read it', () => {
    const scope = buildScope(run, [{ nodeId: 'noop', status: 'succeeded', port: 'out', output: undefined }]);
    expect(scope.nodes.noop).toEqual({ status: 'succeeded', port: 'out', output: null });
    expect(scope.run).not.toHaveProperty('attempt');
  });
});
