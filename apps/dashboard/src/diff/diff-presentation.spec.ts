import type { VersionDiff } from '../api/workflow.views';
import { DIFF_VALUE_MAX_CHARS, edgeLabel, formatValue, presentDiff } from './diff-presentation';

const EMPTY: VersionDiff = {
  workflowId: 'w',
  from: 1,
  to: 2,
  identical: false,
  reordered: false,
  propertiesChanged: [],
  inputsChanged: [],
  defaultsChanged: [],
  nodesAdded: [],
  nodesRemoved: [],
  nodesChanged: [],
  edgesAdded: [],
  edgesRemoved: [],
};

describe('presentDiff', () => {
  it('lists nodes added, removed and changed, value by value', () => {
    //   v1: list ──> clean            v2: list ──> any ──[true]──> clean (script changed)
    // ARRANGE
    const diff: VersionDiff = {
      ...EMPTY,
      nodesAdded: [{ id: 'any', type: 'condition', config: { expression: 'true' } }],
      nodesRemoved: [{ id: 'old', type: 'set', config: {} }],
      nodesChanged: [{ id: 'clean', changes: [{ path: 'config.script', before: 'rm a', after: 'rm b' }, { path: 'timeoutMs', after: 3000 }] }],
      edgesAdded: [{ from: 'list', to: 'any' }, { from: 'any', port: 'true', to: 'clean' }],
      edgesRemoved: [{ from: 'list', to: 'clean' }],
    };

    // ACT
    const presentation = presentDiff(diff);

    // ASSERT
    expect(presentation.summary).toBe('1 node added, 1 node removed, 1 node changed, 2 edges added, 1 edge removed');
    expect(presentation.sections).toEqual([
      {
        title: 'Nodes',
        lines: [
          { kind: 'added', subject: 'node "any" (condition)', details: [] },
          { kind: 'removed', subject: 'node "old" (set)', details: [] },
          { kind: 'changed', subject: 'node "clean"', details: ['config.script: "rm a" → "rm b"', 'timeoutMs: set to 3000'] },
        ],
      },
      {
        title: 'Edges',
        lines: [
          { kind: 'added', subject: 'edge list -> any', details: [] },
          { kind: 'added', subject: 'edge any -[true]-> clean', details: [] },
          { kind: 'removed', subject: 'edge list -> clean', details: [] },
        ],
      },
    ]);
  });

  it('calls a node whose only change is its position moved', () => {
    const presentation = presentDiff({
      ...EMPTY,
      nodesChanged: [{ id: 'a', changes: [{ path: 'position.x', before: 0, after: 40 }] }],
    });
    expect(presentation.summary).toBe('1 node moved');
    expect(presentation.sections[0]?.lines).toEqual([{ kind: 'moved', subject: 'node "a"', details: [] }]);
  });

  it('shows changes to the workflow fields, inputs and defaults', () => {
    const presentation = presentDiff({
      ...EMPTY,
      propertiesChanged: [{ path: 'name', before: 'a', after: 'b' }],
      inputsChanged: [{ path: 'dir', after: { type: 'string' } }],
      defaultsChanged: [{ path: 'timeoutMs', before: 1000 }],
    });
    expect(presentation.summary).toBe('3 workflow settings changed');
    expect(presentation.sections).toEqual([
      {
        title: 'Workflow',
        lines: [
          { kind: 'changed', subject: 'name', details: ['"a" → "b"'] },
          { kind: 'added', subject: 'input dir', details: ['set to {"type":"string"}'] },
          { kind: 'removed', subject: 'defaults.timeoutMs', details: ['removed (was 1000)'] },
        ],
      },
    ]);
  });

  it('says when nothing changed, or only the order', () => {
    expect(presentDiff({ ...EMPTY, identical: true })).toEqual({ summary: 'No changes', sections: [] });
    expect(presentDiff({ ...EMPTY, reordered: true }).summary).toBe('Only the order of nodes or edges changed');
  });
});

describe('formatValue / edgeLabel', () => {
  it('cuts long values', () => {
    const text = formatValue('x'.repeat(200));
    expect(text).toHaveLength(DIFF_VALUE_MAX_CHARS);
    expect(text.endsWith('…')).toBe(true);
  });

  it('names the input port when it is not the default', () => {
    expect(edgeLabel({ from: 'a', port: 'error', to: 'b', toPort: 'items' })).toBe('a -[error]-> b.items');
  });
});
