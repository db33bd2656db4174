import { NODE_DEFINITIONS } from '@runtime-hub/nodes';
import { groupByCategory, NODE_SUMMARY_MAX_CHARS, nodeSummary } from './node-presentation';

describe('nodeSummary', () => {
  it('shows the most telling config value on one line', () => {
    expect(nodeSummary({ id: 'a', type: 'condition', config: { expression: 'nodes.x.output.count\n > 0' } })).toBe('nodes.x.output.count > 0');
    expect(nodeSummary({ id: 'a', type: 'set', config: { values: { ok: true } } })).toBe('{"ok":true}');
    expect(nodeSummary({ id: 'a', type: 'set', config: { values: {} } })).toBe('');
  });

  it('cuts a long value', () => {
    const summary = nodeSummary({ id: 'a', type: 'shell', config: { script: 'x'.repeat(100) } });
    expect(summary).toHaveLength(NODE_SUMMARY_MAX_CHARS);
    expect(summary.endsWith('…')).toBe(true);
  });
});

describe('groupByCategory', () => {
  it('groups the whole catalogue by category, in palette order, losing no type', () => {
    const groups = groupByCategory(NODE_DEFINITIONS);
    expect(groups.map((group) => group.category)).toEqual(['control', 'process', 'shell', 'file', 'network', 'input', 'python']);
    expect(groups.flatMap((group) => group.definitions)).toHaveLength(NODE_DEFINITIONS.length);
    expect(groups[0]?.definitions.map((definition) => definition.type)).toContain('condition');
  });
});
