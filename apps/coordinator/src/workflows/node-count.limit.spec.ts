import { ApiError } from '../openapi/api-error';
import { checkNodeCount, TOO_MANY_NODES } from './node-count.limit';

const nodes = (count: number) => Array.from({ length: count }, (_, index) => ({ id: `n${index}`, type: 'set', config: { values: {} } }));

describe('checkNodeCount', () => {
  it('accepts a definition at the limit and leaves anything that is not a node array to the validator', () => {
    expect(() => checkNodeCount({ nodes: nodes(3) }, 3)).not.toThrow();
    expect(() => checkNodeCount({ nodes: 'many' }, 3)).not.toThrow();
    expect(() => checkNodeCount(null, 3)).not.toThrow();
  });

  it('refuses one node more with 400 TOO_MANY_NODES naming the field, the limit and the count', () => {
    let thrown: unknown;
    try {
      checkNodeCount({ nodes: nodes(4) }, 3);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ApiError);
    expect(thrown).toMatchObject({
      status: 400,
      code: TOO_MANY_NODES,
      message: 'definition.nodes: a workflow holds at most 3 nodes (RH_MAX_NODES_PER_RUN); this one has 4',
      fields: { details: { field: 'definition.nodes', limit: 3, count: 4 } },
    });
  });
});
