import type { WorkflowDefinition } from '@runtime-hub/protocol';
import { unmatchedTargets } from './target-precheck';

const agents = [
  { id: 'id-a', name: 'host-a', labels: ['a'] },
  { id: 'id-ab', name: 'host-ab', labels: ['a', 'b'] },
  { id: 'id-c', name: 'host-c', labels: ['c'] },
];

function definition(nodes: WorkflowDefinition['nodes'], defaults: WorkflowDefinition['defaults'] = {}): WorkflowDefinition {
  return { schemaVersion: 1, name: 'check', inputs: {}, defaults, nodes, edges: [] } as unknown as WorkflowDefinition;
}

describe('unmatchedTargets', () => {
  it('accepts labels some known agent carries together, agents known by id or name, and nodes without a target', () => {
    // ARRANGE
    const checked = definition([
      { id: 'fan', type: 'set', config: { values: {} }, target: { labels: ['a'], each: true } },
      { id: 'both', type: 'set', config: { values: {} }, target: { labels: ['a', 'b'] } },
      { id: 'byName', type: 'set', config: { values: {} }, target: { agent: 'host-c' } },
      { id: 'byId', type: 'set', config: { values: {} }, target: { agent: 'id-a' } },
      { id: 'anywhere', type: 'set', config: { values: {} } },
      { id: 'none', type: 'set', config: { values: {} }, target: { labels: [] } },
    ] as WorkflowDefinition['nodes']);

    // ACT / ASSERT
    expect(unmatchedTargets(checked, agents)).toEqual([]);
  });

  it('names each node whose labels or agent no known agent matches', () => {
    // ARRANGE
    const checked = definition(
      [
        { id: 'lost', type: 'set', config: { values: {} }, target: { labels: ['zzz', 'a'] } },
        { id: 'apart', type: 'set', config: { values: {} }, target: { labels: ['b', 'c'] } },
        { id: 'ghost', type: 'set', config: { values: {} }, target: { agent: 'nobody' } },
        { id: 'inherits', type: 'set', config: { values: {} } },
      ] as WorkflowDefinition['nodes'],
      { target: { labels: ['yyy'] } },
    );

    // ACT
    const unmatched = unmatchedTargets(checked, agents);

    // ASSERT
    expect(unmatched).toEqual([
      { nodeId: 'lost', message: 'node "lost": no known agent has label [zzz]' },
      { nodeId: 'apart', message: 'node "apart": no known agent has labels [b, c] together' },
      { nodeId: 'ghost', message: 'node "ghost": no agent "nobody" is enrolled' },
      { nodeId: 'inherits', message: 'node "inherits": no known agent has label [yyy]' },
    ]);
  });

  it('leaves nodes the coordinator runs itself alone', () => {
    // ARRANGE
    const checked = definition([{ id: 'loop', type: 'foreach', config: {}, target: { labels: ['zzz'] } }] as WorkflowDefinition['nodes']);

    // ACT / ASSERT
    expect(unmatchedTargets(checked, [])).toEqual([]);
  });
});
