import { childRunId, childRunIdPrefix, childRunIndex } from './child-run-id';
import { ENTITY_ID_PATTERN, ENTITY_ID_MAX_LENGTH } from '@runtime-hub/protocol';

describe('child run ids', () => {
  it('are the same for the same parent, node, attempt and index', () => {
    expect(childRunId('run-1', 'each', 1, 3)).toBe(childRunId('run-1', 'each', 1, 3));
  });

  it('differ between attempts, nodes, parents and indexes', () => {
    const ids = new Set([
      childRunId('run-1', 'each', 1, 0),
      childRunId('run-1', 'each', 2, 0),
      childRunId('run-1', 'other', 1, 0),
      childRunId('run-2', 'each', 1, 0),
      childRunId('run-1', 'each', 1, 1),
    ]);
    expect(ids.size).toBe(5);
  });

  it('are valid entity ids, also when nested many levels deep', () => {
    let id = '0f8fad5b-d9cb-469f-a165-70867728950e';
    for (let depth = 0; depth < 10; depth += 1) id = childRunId(id, 'a_rather_long_node_identifier_for_a_foreach', 99, 9_999);
    expect(id).toMatch(ENTITY_ID_PATTERN);
    expect(id.length).toBeLessThanOrEqual(ENTITY_ID_MAX_LENGTH);
  });

  it('give back their index under their own prefix only', () => {
    const prefix = childRunIdPrefix('run-1', 'each', 2);
    expect(childRunIndex(childRunId('run-1', 'each', 2, 17), prefix)).toBe(17);
    expect(childRunIndex(childRunId('run-1', 'each', 1, 17), prefix)).toBeNull();
    expect(childRunIndex(`${prefix}x`, prefix)).toBeNull();
  });
});
