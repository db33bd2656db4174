import { NODE_ID_PATTERN, type WorkflowEdge } from '@runtime-hub/protocol';
import { editorEdgeId, toEditorEdge, toEditorNode, toWorkflowEdge } from './editor-graph.mapping';
import type { EditorDocument, EditorNode, NodeSpec, WorkflowMeta } from './editor.types';

/**
 * Every edit the editor makes, as a pure function from one document to the next (the undo
 * history stores both). A command that changes nothing returns the same document, so no
 * empty undo step is recorded.
 */

/** A node id for a new node of `type`: `file.list` -> `file_list_1`, then `_2`, ... */
export function newNodeId(document: EditorDocument, type: string): string {
  const base = type.replace(/[^A-Za-z0-9_]/g, '_').replace(/^([^A-Za-z_])/, '_$1');
  const taken = new Set(document.nodes.map((node) => node.id));
  for (let index = 1; ; index += 1) {
    const id = `${base}_${index}`;
    if (!taken.has(id)) return id;
  }
}

/** Room a node takes on the canvas when looking for a free spot (a card is about 230 x 110). */
export const NODE_FOOTPRINT = { width: 250, height: 130 } as const;

/**
 * The first spot at or below `wanted` where a new node overlaps no other: nodes added by
 * click land in view without hiding one another.
 */
export function freePosition(document: EditorDocument, wanted: { x: number; y: number }): { x: number; y: number } {
  const overlaps = (x: number, y: number) =>
    document.nodes.some((node) => Math.abs(node.position.x - x) < NODE_FOOTPRINT.width && Math.abs(node.position.y - y) < NODE_FOOTPRINT.height);
  let y = wanted.y;
  for (let tries = 0; tries <= document.nodes.length && overlaps(wanted.x, y); tries += 1) y += NODE_FOOTPRINT.height;
  return { x: wanted.x, y };
}

export function addNode(document: EditorDocument, spec: NodeSpec, position: { x: number; y: number }): EditorDocument {
  const rounded = { x: Math.round(position.x), y: Math.round(position.y) };
  return { ...document, nodes: [...document.nodes, toEditorNode(spec, rounded)] };
}

/** Removes nodes and edges; edges touching a removed node go with it. */
export function removeElements(document: EditorDocument, nodeIds: readonly string[], edgeIds: readonly string[]): EditorDocument {
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeIds);
  const keptNodes = document.nodes.filter((node) => !nodes.has(node.id));
  const keptEdges = document.edges.filter((edge) => !edges.has(edge.id) && !nodes.has(edge.source) && !nodes.has(edge.target));
  if (keptNodes.length === document.nodes.length && keptEdges.length === document.edges.length) return document;
  return { ...document, nodes: keptNodes, edges: keptEdges };
}

export function connect(document: EditorDocument, edge: WorkflowEdge): EditorDocument {
  const id = editorEdgeId(edge);
  if (document.edges.some((existing) => existing.id === id)) return document;
  return { ...document, edges: [...document.edges, toEditorEdge(edge)] };
}

export function updateSpec(document: EditorDocument, nodeId: string, update: (spec: NodeSpec) => NodeSpec): EditorDocument {
  let changed = false;
  const nodes = document.nodes.map((node): EditorNode => {
    if (node.id !== nodeId) return node;
    const spec = update(node.data.spec);
    if (spec === node.data.spec) return node;
    changed = true;
    return { ...node, data: { ...node.data, spec } };
  });
  return changed ? { ...document, nodes } : document;
}

/** Why `newId` cannot be the new id of `nodeId`, or undefined when it can. */
export function renameProblem(document: EditorDocument, nodeId: string, newId: string): string | undefined {
  if (newId === nodeId) return undefined;
  if (!NODE_ID_PATTERN.test(newId)) return 'an id starts with a letter or _ and holds only letters, digits and _';
  if (document.nodes.some((node) => node.id === newId)) return `another node is already called "${newId}"`;
  return undefined;
}

/**
 * Gives a node a new id and moves its edges along. Templates that read the old id
 * (`nodes.<id>.output`) are left as they are: the validator then names every one of them.
 */
export function renameNode(document: EditorDocument, nodeId: string, newId: string): EditorDocument {
  if (newId === nodeId || renameProblem(document, nodeId, newId) !== undefined) return document;
  const rename = (id: string) => (id === nodeId ? newId : id);
  return {
    ...document,
    nodes: document.nodes.map((node) => (node.id === nodeId ? { ...node, id: newId, data: { ...node.data, spec: { ...node.data.spec, id: newId } } } : node)),
    edges: document.edges.map((edge) => {
      if (edge.source !== nodeId && edge.target !== nodeId) return edge;
      const moved = toWorkflowEdge(edge);
      return { ...toEditorEdge({ ...moved, from: rename(moved.from), to: rename(moved.to) }), selected: edge.selected ?? false };
    }),
  };
}

/** Moves nodes to whole-number positions; nodes already there are left as they are. */
export function moveNodes(document: EditorDocument, positions: ReadonlyMap<string, { x: number; y: number }>): EditorDocument {
  let changed = false;
  const nodes = document.nodes.map((node) => {
    const target = positions.get(node.id);
    if (!target) return node;
    const position = { x: Math.round(target.x), y: Math.round(target.y) };
    if (position.x === node.position.x && position.y === node.position.y) return node;
    changed = true;
    return { ...node, position };
  });
  return changed ? { ...document, nodes } : document;
}

export function updateMeta(document: EditorDocument, update: (meta: WorkflowMeta) => WorkflowMeta): EditorDocument {
  const meta = update(document.meta);
  return meta === document.meta ? document : { ...document, meta };
}
