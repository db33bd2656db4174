import { WorkflowDefinitionSchema } from '@runtime-hub/protocol';
import { NODE_FOOTPRINT, addNode, connect, freePosition, moveNodes, newNodeId, removeElements, renameNode, renameProblem, updateMeta, updateSpec } from './editor-commands';
import { definitionToEditor, editorToDefinition } from './editor-graph.mapping';

/**
 *   start ──> check ──[true]──> done
 */
const DOCUMENT = definitionToEditor(
  WorkflowDefinitionSchema.parse({
    schemaVersion: 1,
    name: 'commands',
    nodes: [
      { id: 'start', type: 'set', config: { values: {} }, position: { x: 0, y: 0 } },
      { id: 'check', type: 'condition', config: { expression: 'true' }, position: { x: 280, y: 0 } },
      { id: 'done', type: 'set', config: { values: {} }, position: { x: 560, y: 0 } },
    ],
    edges: [
      { from: 'start', to: 'check' },
      { from: 'check', port: 'true', to: 'done' },
    ],
  }),
);

describe('editor commands', () => {
  it('names a new node after its type, with the first free number', () => {
    const withSet1 = addNode(DOCUMENT, { id: 'set_1', type: 'set', config: {} }, { x: 0, y: 0 });
    expect(newNodeId(DOCUMENT, 'set')).toBe('set_1');
    expect(newNodeId(withSet1, 'set')).toBe('set_2');
    expect(newNodeId(DOCUMENT, 'file.list')).toBe('file_list_1');
  });

  it('adds a node at a whole-number position', () => {
    const next = addNode(DOCUMENT, { id: 'n', type: 'delay', config: { ms: 5 } }, { x: 10.4, y: 20.6 });
    expect(next.nodes.at(-1)).toMatchObject({ id: 'n', position: { x: 10, y: 21 }, data: { spec: { id: 'n', type: 'delay', config: { ms: 5 } } } });
    expect(DOCUMENT.nodes).toHaveLength(3);
  });

  it('finds a spot below the nodes a new node would hide', () => {
    //   start(0,0)  check(280,0)  done(560,0): a node wanted at (20, 10) goes one row down
    expect(freePosition(DOCUMENT, { x: 20, y: 10 })).toEqual({ x: 20, y: 10 + NODE_FOOTPRINT.height });
    expect(freePosition(DOCUMENT, { x: 20, y: 400 })).toEqual({ x: 20, y: 400 });
  });

  it('removes a node with the edges that touch it', () => {
    //   start ──> ✗check ──[true]──> done   =>   start   done
    const next = removeElements(DOCUMENT, ['check'], []);
    expect(next.nodes.map((node) => node.id)).toEqual(['start', 'done']);
    expect(next.edges).toEqual([]);
  });

  it('returns the same document when nothing is removed', () => {
    expect(removeElements(DOCUMENT, ['nope'], ['nope'])).toBe(DOCUMENT);
  });

  it('connects once: the same edge again changes nothing', () => {
    const next = connect(DOCUMENT, { from: 'start', to: 'done' });
    expect(next.edges).toHaveLength(3);
    expect(connect(next, { from: 'start', to: 'done' })).toBe(next);
  });

  it('renames a node and moves its edges along', () => {
    // ARRANGE / ACT
    const next = renameNode(DOCUMENT, 'check', 'gate');

    // ASSERT
    expect(editorToDefinition(next).edges).toEqual([
      { from: 'start', to: 'gate' },
      { from: 'gate', port: 'true', to: 'done' },
    ]);
    expect(next.nodes[1]?.data.spec.id).toBe('gate');
  });

  it('refuses an id that is taken or not a JSONata name', () => {
    expect(renameProblem(DOCUMENT, 'check', 'done')).toBe('another node is already called "done"');
    expect(renameProblem(DOCUMENT, 'check', '1abc')).toMatch(/starts with a letter/);
    expect(renameNode(DOCUMENT, 'check', 'done')).toBe(DOCUMENT);
    expect(renameProblem(DOCUMENT, 'check', 'check')).toBeUndefined();
  });

  it('updates one node spec, and nothing when the update returns it unchanged', () => {
    const next = updateSpec(DOCUMENT, 'check', (spec) => ({ ...spec, config: { expression: 'false' } }));
    expect(next.nodes[1]?.data.spec.config).toEqual({ expression: 'false' });
    expect(updateSpec(DOCUMENT, 'check', (spec) => spec)).toBe(DOCUMENT);
  });

  it('moves nodes to rounded positions and records nothing for a move to where they are', () => {
    const next = moveNodes(DOCUMENT, new Map([['done', { x: 600.2, y: 40.7 }]]));
    expect(next.nodes[2]?.position).toEqual({ x: 600, y: 41 });
    expect(moveNodes(DOCUMENT, new Map([['done', { x: 560, y: 0 }]]))).toBe(DOCUMENT);
  });

  it('updates the workflow fields', () => {
    const next = updateMeta(DOCUMENT, (meta) => ({ ...meta, name: 'renamed' }));
    expect(next.meta.name).toBe('renamed');
    expect(updateMeta(DOCUMENT, (meta) => meta)).toBe(DOCUMENT);
  });
});
