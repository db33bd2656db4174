import { validate } from '@runtime-hub/graph';
import { NODE_CATALOGUE } from '@runtime-hub/nodes';
import { WorkflowDefinitionSchema, type WorkflowDefinition } from '@runtime-hub/protocol';
import batchOverInputs from '../../../../examples/batch-over-inputs.json';
import cleanTempAcrossHosts from '../../../../examples/clean-temp-across-hosts.json';
import webHealthCheck from '../../../../examples/web-health-check.json';
import { canonicalJson } from '../ui/canonical-json';
import { LAYOUT_LAYER_GAP_X, LAYOUT_ROW_GAP_Y } from './auto-layout';
import { definitionToEditor, edgeFromHandles, editorBaseline, editorEdgeId, editorToDefinition } from './editor-graph.mapping';

/**
 *   list ──> any ──[true]──> clean
 *                 └─[false]─> report      (that edge names its toPort "in")
 */
const POSITIONED: WorkflowDefinition = WorkflowDefinitionSchema.parse({
  schemaVersion: 1,
  name: 'clear-temp',
  description: 'Empties a temp folder',
  inputs: { dir: { type: 'string', default: 'C:/Temp' } },
  defaults: { timeoutMs: 60000, target: { labels: ['windows'] } },
  nodes: [
    { id: 'list', type: 'file.list', config: { path: '{{ inputs.dir }}' }, position: { x: 0, y: 0 } },
    { id: 'any', type: 'condition', name: 'Anything?', config: { expression: 'nodes.list.output.count > 0' }, position: { x: 280, y: 10 } },
    { id: 'clean', type: 'shell', config: { shell: 'powershell', script: 'Remove-Item x' }, timeoutMs: 30000, target: { labels: ['windows'], each: true }, position: { x: 560, y: -40 } },
    { id: 'report', type: 'set', config: { values: {} }, join: 'any', position: { x: 560, y: 120 } },
  ],
  edges: [
    { from: 'list', to: 'any' },
    { from: 'any', port: 'true', to: 'clean' },
    { from: 'any', port: 'false', to: 'report', toPort: 'in' },
  ],
});

describe('definitionToEditor / editorToDefinition', () => {
  it('gives the definition back unchanged, positions included', () => {
    // ARRANGE / ACT
    const roundTrip = editorToDefinition(definitionToEditor(POSITIONED));

    // ASSERT
    expect(roundTrip).toEqual(POSITIONED);
  });

  it('keeps the ports of each edge on the edge, and draws an edge without port from the default handle', () => {
    // ARRANGE / ACT
    const document = definitionToEditor(POSITIONED);

    // ASSERT
    expect(document.edges.map((edge) => [edge.source, edge.sourceHandle, edge.target, edge.targetHandle, edge.data])).toEqual([
      ['list', null, 'any', 'in', {}],
      ['any', 'true', 'clean', 'in', { port: 'true' }],
      ['any', 'false', 'report', 'in', { port: 'false', toPort: 'in' }],
    ]);
  });

  it('lays out nodes that have no position by layer, and keeps the ones that have', () => {
    //   a ──> b ──> d
    //   └───> c
    // ARRANGE
    const definition = WorkflowDefinitionSchema.parse({
      schemaVersion: 1,
      name: 'layout',
      nodes: [
        { id: 'a', type: 'set', config: { values: {} } },
        { id: 'b', type: 'set', config: { values: {} } },
        { id: 'c', type: 'set', config: { values: {} } },
        { id: 'd', type: 'set', config: { values: {} }, position: { x: 5, y: 7 } },
      ],
      edges: [
        { from: 'a', to: 'b' },
        { from: 'a', to: 'c' },
        { from: 'b', to: 'd' },
      ],
    });

    // ACT
    const positions = Object.fromEntries(definitionToEditor(definition).nodes.map((node) => [node.id, node.position]));

    // ASSERT
    expect(positions).toEqual({
      a: { x: 0, y: 0 },
      b: { x: LAYOUT_LAYER_GAP_X, y: 0 },
      c: { x: LAYOUT_LAYER_GAP_X, y: LAYOUT_ROW_GAP_Y },
      d: { x: 5, y: 7 },
    });
  });

  it('stores positions as whole numbers', () => {
    // ARRANGE
    const document = definitionToEditor(POSITIONED);
    const moved = { ...document, nodes: document.nodes.map((node) => ({ ...node, position: { x: node.position.x + 0.4, y: node.position.y + 0.6 } })) };

    // ACT
    const definition = editorToDefinition(moved);

    // ASSERT
    expect(definition.nodes.map((node) => node.position)).toEqual([
      { x: 0, y: 1 },
      { x: 280, y: 11 },
      { x: 560, y: -39 },
      { x: 560, y: 121 },
    ]);
  });

  it('leaves the description out when it is empty', () => {
    const document = definitionToEditor(POSITIONED);
    const definition = editorToDefinition({ ...document, meta: { ...document.meta, description: '' } });
    expect('description' in definition).toBe(false);
  });
});

describe('editorBaseline', () => {
  /** Each example as the coordinator stores it when the CLI creates it: validated, defaults filled, no positions. */
  const stored = [batchOverInputs, cleanTempAcrossHosts, webHealthCheck].map((example) => {
    const result = validate(example, NODE_CATALOGUE);
    if (!result.ok) throw new Error(`example ${example.name} does not validate`);
    return result.definition;
  });

  it.each(stored.map((definition) => [definition.name, definition] as const))('opens %s without an unsaved change', (_name, definition) => {
    // ARRANGE: what the editor holds right after opening the stored definition
    const opened = editorToDefinition(definitionToEditor(definition));

    // ACT
    const baseline = editorBaseline(definition);

    // ASSERT: the same text, and nothing but positions added to what was stored
    expect(canonicalJson(opened)).toBe(canonicalJson(baseline));
    expect(canonicalJson({ ...baseline, nodes: baseline.nodes.map(({ position: _position, ...node }) => node) })).toBe(canonicalJson(definition));
    expect(baseline.nodes.every((node) => node.position !== undefined)).toBe(true);
  });

  it('does not depend on the order of keys in what was stored (Postgres jsonb reorders them)', () => {
    // ARRANGE: the same definition with every object's keys reversed
    const reversed = JSON.parse(JSON.stringify(stored[1]), (_key, value: unknown) =>
      typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).reverse()) : value,
    ) as WorkflowDefinition;

    // ACT / ASSERT
    expect(canonicalJson(editorBaseline(reversed))).toBe(canonicalJson(editorBaseline(stored[1]!)));
  });

  it('keeps the positions a saved definition has', () => {
    expect(editorBaseline(POSITIONED)).toEqual(POSITIONED);
  });
});

describe('edgeFromHandles', () => {
  it('leaves the default ports implicit and names the others', () => {
    expect(edgeFromHandles('a', 'out', 'b', 'in')).toEqual({ from: 'a', to: 'b' });
    expect(edgeFromHandles('a', null, 'b', null)).toEqual({ from: 'a', to: 'b' });
    expect(edgeFromHandles('a', 'error', 'b', 'items')).toEqual({ from: 'a', port: 'error', to: 'b', toPort: 'items' });
  });

  it('gives a new connection the id of the same edge read from a definition', () => {
    expect(editorEdgeId(edgeFromHandles('a', 'out', 'b', 'in'))).toBe(editorEdgeId({ from: 'a', to: 'b' }));
    expect(editorEdgeId({ from: 'a', port: 'true', to: 'b' })).not.toBe(editorEdgeId({ from: 'a', port: 'false', to: 'b' }));
  });
});
