import type { ExpressionScope } from '@runtime-hub/graph';
import { narrowScope } from './scope.narrow';

const scope: ExpressionScope = {
  inputs: { a: 1 },
  nodes: { list: { status: 'succeeded', output: 1 }, listing: { status: 'succeeded', output: 2 }, 'my-node': { status: 'skipped' }, other: { status: 'failed' } },
  run: { id: 'r' },
};

describe('narrowScope', () => {
  it('keeps the nodes named as whole names, and every other root as it is', () => {
    // ACT
    const narrowed = narrowScope({ ...scope, iteration: 2 } as ExpressionScope, ['nodes.list.output + 1', 'nodes.`my-node`.status', '$listing']);
    // ASSERT
    expect(Object.keys(narrowed.nodes)).toEqual(['list', 'my-node']);
    expect(narrowed).toMatchObject({ inputs: { a: 1 }, run: { id: 'r' }, iteration: 2 });
  });

  it('keeps no node when none is named', () => {
    expect(narrowScope(scope, ['inputs.a']).nodes).toEqual({});
  });
});
