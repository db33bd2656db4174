import { expressionTexts, referencedNodeIds, selectUpstream, type UpstreamState } from './upstream-selection';

/*
 *   list ──► filter ──► decide
 *   audit ─────────────────┘
 *   (decide.expression = "nodes.list.output.count > 0")
 */
const states = new Map<string, UpstreamState>([
  ['list', { status: 'succeeded', port: 'out', output: { count: 3 } }],
  ['filter', { status: 'succeeded', port: 'out', output: { kept: 2 } }],
  ['audit', { status: 'failed', port: null, output: null }],
  ['listing', { status: 'succeeded', port: 'out', output: 'x' }],
]);

describe('selectUpstream', () => {
  it('carries the direct predecessors and the upstream nodes the expression names', () => {
    // ARRANGE
    const input = {
      directPredecessors: ['filter', 'audit'],
      transitiveUpstream: ['list', 'filter', 'audit', 'listing'],
      expressions: ['nodes.list.output.count > 0'],
      states,
    };

    // ACT
    const upstream = selectUpstream(input);

    // ASSERT
    expect(upstream).toEqual({
      audit: { status: 'failed' },
      filter: { status: 'succeeded', port: 'out', output: { kept: 2 } },
      list: { status: 'succeeded', port: 'out', output: { count: 3 } },
    });
  });

  it('carries nothing but the predecessors when there is no expression', () => {
    const upstream = selectUpstream({ directPredecessors: ['filter'], transitiveUpstream: ['list', 'filter'], expressions: [], states });
    expect(Object.keys(upstream)).toEqual(['filter']);
  });
});

describe('referencedNodeIds', () => {
  it('matches whole names only, also in backticks', () => {
    expect(referencedNodeIds(['nodes.list.output.count'], ['list', 'listing', 'lis'])).toEqual(['list']);
    expect(referencedNodeIds(['nodes.`listing`.output'], ['list', 'listing'])).toEqual(['listing']);
    expect(referencedNodeIds(['$count(nodes.a.output) + nodes.b_2.output'], ['a', 'b', 'b_2'])).toEqual(['a', 'b_2']);
  });
});

describe('expressionTexts', () => {
  it('reads the string values of the expression fields', () => {
    expect(expressionTexts({ expression: 'a > 1', other: 'x' }, ['expression'])).toEqual(['a > 1']);
    expect(expressionTexts({ expression: 3 }, ['expression'])).toEqual([]);
    expect(expressionTexts({ expression: 'a' }, undefined)).toEqual([]);
  });
});
