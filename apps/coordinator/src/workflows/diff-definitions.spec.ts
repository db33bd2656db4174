import type { WorkflowDefinition } from '@runtime-hub/protocol';
import { diffDefinitions, isDeepEqual } from './diff-definitions';

/**
 * Version 1 of the fixture:
 *
 *   list ──► any ──true──► clean
 */
function version1(): WorkflowDefinition {
  return {
    schemaVersion: 1,
    name: 'clear-temp',
    inputs: { dir: { type: 'string', default: 'C:/Temp' } },
    defaults: { timeoutMs: 60_000, target: { labels: ['windows'] } },
    nodes: [
      { id: 'list', type: 'file.list', config: { path: '{{ inputs.dir }}' } },
      { id: 'any', type: 'condition', config: { expression: 'nodes.list.output.count > 0' } },
      { id: 'clean', type: 'shell', config: { shell: 'powershell', script: 'Remove-Item x' }, timeoutMs: 30_000 },
    ],
    edges: [
      { from: 'list', to: 'any' },
      { from: 'any', port: 'true', to: 'clean' },
    ],
  };
}

/** The same JSON value with every object's keys in reverse order. */
function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([key, item]) => [key, reverseKeys(item)]));
}

describe('diffDefinitions', () => {
  it('reports nothing for the same definition, whatever the key order', () => {
    // ARRANGE
    const a = version1();
    const b = reverseKeys(version1()) as WorkflowDefinition;
    expect(Object.keys(b)[0]).toBe('edges');

    // ACT
    const diff = diffDefinitions(a, b);

    // ASSERT
    expect(diff.identical).toBe(true);
    expect(diff.reordered).toBe(false);
    expect(diff.nodesAdded).toEqual([]);
    expect(diff.nodesChanged).toEqual([]);
    expect(diff.edgesAdded).toEqual([]);
    expect(diff.propertiesChanged).toEqual([]);
  });

  it('finds added, removed and changed nodes and the edges around them', () => {
    /*
     * before:  list ──► any ──true──► clean
     * after:   list ──► any ──false─► clean ──► notify
     *          (clean's script changed and its timeoutMs removed)
     */
    // ARRANGE
    const before = version1();
    const after = version1();
    after.nodes[2] = { id: 'clean', type: 'shell', config: { shell: 'powershell', script: 'Remove-Item y' } };
    after.nodes.push({ id: 'notify', type: 'http.request', config: { method: 'POST', url: 'https://hooks.example/x' } });
    after.edges[1] = { from: 'any', port: 'false', to: 'clean' };
    after.edges.push({ from: 'clean', to: 'notify' });

    // ACT
    const diff = diffDefinitions(before, after);

    // ASSERT
    expect(diff.identical).toBe(false);
    expect(diff.nodesAdded.map((node) => node.id)).toEqual(['notify']);
    expect(diff.nodesRemoved).toEqual([]);
    expect(diff.nodesChanged).toEqual([
      {
        id: 'clean',
        changes: [
          { path: 'config.script', before: 'Remove-Item x', after: 'Remove-Item y' },
          { path: 'timeoutMs', before: 30_000 },
        ],
      },
    ]);
    expect(diff.edgesAdded).toEqual([
      { from: 'any', port: 'false', to: 'clean' },
      { from: 'clean', to: 'notify' },
    ]);
    expect(diff.edgesRemoved).toEqual([{ from: 'any', port: 'true', to: 'clean' }]);
  });

  it('reports a removed node and its edges', () => {
    /*
     * before:  list ──► any ──true──► clean
     * after:   list ──► any
     */
    // ARRANGE
    const before = version1();
    const after = version1();
    after.nodes.pop();
    after.edges.pop();

    // ACT
    const diff = diffDefinitions(before, after);

    // ASSERT
    expect(diff.nodesRemoved.map((node) => node.id)).toEqual(['clean']);
    expect(diff.edgesRemoved).toEqual([{ from: 'any', port: 'true', to: 'clean' }]);
    expect(diff.nodesAdded).toEqual([]);
    expect(diff.edgesAdded).toEqual([]);
  });

  it('walks inputs, defaults and top-level properties by path and compares arrays whole', () => {
    // ARRANGE
    const before = version1();
    const after = version1();
    after.name = 'clear-temp-everywhere';
    after.description = 'now on every host';
    after.inputs = { dir: { type: 'string', default: 'D:/Temp' }, dryRun: { type: 'boolean' } };
    after.defaults = { timeoutMs: 60_000, target: { labels: ['windows', 'finance'] } };

    // ACT
    const diff = diffDefinitions(before, after);

    // ASSERT
    expect(diff.propertiesChanged).toEqual([
      { path: 'name', before: 'clear-temp', after: 'clear-temp-everywhere' },
      { path: 'description', after: 'now on every host' },
    ]);
    expect(diff.inputsChanged).toEqual([
      { path: 'dir.default', before: 'C:/Temp', after: 'D:/Temp' },
      { path: 'dryRun', after: { type: 'boolean' } },
    ]);
    expect(diff.defaultsChanged).toEqual([{ path: 'target.labels', before: ['windows'], after: ['windows', 'finance'] }]);
  });

  it('quotes config keys that are not plain names', () => {
    // ARRANGE
    const before = version1();
    const after = version1();
    before.nodes[0]!.config = { headers: { 'Content-Type': 'text/plain' } };
    after.nodes[0]!.config = { headers: { 'Content-Type': 'application/json' } };

    // ACT
    const diff = diffDefinitions(before, after);

    // ASSERT
    expect(diff.nodesChanged).toEqual([
      { id: 'list', changes: [{ path: 'config.headers["Content-Type"]', before: 'text/plain', after: 'application/json' }] },
    ]);
  });

  it('says when only the order of nodes or edges changed', () => {
    // ARRANGE
    const before = version1();
    const after = version1();
    after.nodes.reverse();
    after.edges.reverse();

    // ACT
    const diff = diffDefinitions(before, after);

    // ASSERT
    expect(diff.identical).toBe(false);
    expect(diff.reordered).toBe(true);
    expect(diff.nodesChanged).toEqual([]);
    expect(diff.edgesAdded).toEqual([]);
  });

  it('counts duplicate edges as a multiset', () => {
    // ARRANGE
    const before = version1();
    const after = version1();
    after.edges.push({ from: 'list', to: 'any' });

    // ACT
    const diff = diffDefinitions(before, after);

    // ASSERT
    expect(diff.edgesAdded).toEqual([{ from: 'list', to: 'any' }]);
    expect(diff.edgesRemoved).toEqual([]);
  });

  it('is its own inverse: added becomes removed', () => {
    // ARRANGE
    const before = version1();
    const after = version1();
    after.nodes.push({ id: 'extra', type: 'set', config: {} });

    // ACT
    const forward = diffDefinitions(before, after);
    const backward = diffDefinitions(after, before);

    // ASSERT
    expect(forward.nodesAdded).toEqual(backward.nodesRemoved);
    expect(forward.nodesRemoved).toEqual(backward.nodesAdded);
  });
});

describe('isDeepEqual', () => {
  it('ignores key order and keys holding undefined, but not array order', () => {
    expect(isDeepEqual({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(isDeepEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(isDeepEqual([1, 2], [2, 1])).toBe(false);
    expect(isDeepEqual({ a: null }, { a: undefined })).toBe(false);
    expect(isDeepEqual({ a: {} }, { a: [] })).toBe(false);
  });
});
