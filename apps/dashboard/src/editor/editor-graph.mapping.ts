import { DEFAULT_INPUT_PORT, DEFAULT_OUTPUT_PORT, SCHEMA_VERSION, type WorkflowDefinition, type WorkflowEdge, type WorkflowNode } from '@runtime-hub/protocol';
import { autoLayout, EDITOR_LAYOUT_SPACING, type LayoutSpacing } from './auto-layout';
import { FLOW_NODE_TYPE, type EditorDocument, type EditorEdge, type EditorNode, type FlowEdgeData, type NodeSpec } from './editor.types';

/**
 * Workflow definition <-> editor document. `definitionToEditor` then `editorToDefinition`
 * gives the definition back (positions included); nodes without a position are laid out.
 * Positions are stored as whole numbers, so that moving a node by a fraction of a pixel
 * does not make a new version.
 */

export function definitionToEditor(definition: WorkflowDefinition, spacing: LayoutSpacing = EDITOR_LAYOUT_SPACING): EditorDocument {
  const layout = autoLayout(
    definition.nodes.map((node) => node.id),
    definition.edges,
    spacing,
  );
  const nodes = definition.nodes.map((node): EditorNode => {
    const { position, ...spec } = node;
    return toEditorNode(spec, position ?? layout.get(node.id) ?? { x: 0, y: 0 });
  });
  return {
    meta: {
      name: definition.name,
      ...(definition.description !== undefined ? { description: definition.description } : {}),
      inputs: definition.inputs,
      defaults: definition.defaults,
    },
    nodes,
    edges: definition.edges.map(toEditorEdge),
  };
}

export function editorToDefinition(document: EditorDocument): WorkflowDefinition {
  const { meta } = document;
  return {
    schemaVersion: SCHEMA_VERSION,
    name: meta.name,
    ...(meta.description !== undefined && meta.description !== '' ? { description: meta.description } : {}),
    inputs: meta.inputs,
    defaults: meta.defaults,
    nodes: document.nodes.map(
      (node): WorkflowNode => ({ ...node.data.spec, position: { x: Math.round(node.position.x), y: Math.round(node.position.y) } }),
    ),
    edges: document.edges.map(toWorkflowEdge),
  };
}

/**
 * The definition as the editor would save it unchanged: what a definition stored by the CLI
 * or the API (no positions, keys in any order) is compared with when the editor opens it, so
 * that opening a workflow is never an unsaved change by itself.
 */
export function editorBaseline(definition: WorkflowDefinition, spacing: LayoutSpacing = EDITOR_LAYOUT_SPACING): WorkflowDefinition {
  return editorToDefinition(definitionToEditor(definition, spacing));
}

export function toEditorNode(spec: NodeSpec, position: { x: number; y: number }): EditorNode {
  return { id: spec.id, type: FLOW_NODE_TYPE, position: { x: position.x, y: position.y }, data: { spec } };
}

/**
 * An edge without `port` is drawn from the source's first output handle (React Flow's
 * choice for a null handle), which is `out` for every node that has one.
 */
export function toEditorEdge(edge: WorkflowEdge): EditorEdge {
  const data: FlowEdgeData = {
    ...(edge.port !== undefined ? { port: edge.port } : {}),
    ...(edge.toPort !== undefined ? { toPort: edge.toPort } : {}),
  };
  return {
    id: editorEdgeId(edge),
    source: edge.from,
    target: edge.to,
    sourceHandle: edge.port ?? null,
    targetHandle: edge.toPort ?? DEFAULT_INPUT_PORT,
    data,
  };
}

export function toWorkflowEdge(edge: EditorEdge): WorkflowEdge {
  const port = edge.data?.port;
  const toPort = edge.data?.toPort;
  return {
    from: edge.source,
    ...(port !== undefined ? { port } : {}),
    to: edge.target,
    ...(toPort !== undefined ? { toPort } : {}),
  };
}

/** The edge a new connection between two handles makes: the default ports stay implicit. */
export function edgeFromHandles(source: string, sourceHandle: string | null | undefined, target: string, targetHandle: string | null | undefined): WorkflowEdge {
  const port = sourceHandle ?? DEFAULT_OUTPUT_PORT;
  const toPort = targetHandle ?? DEFAULT_INPUT_PORT;
  return {
    from: source,
    ...(port !== DEFAULT_OUTPUT_PORT ? { port } : {}),
    to: target,
    ...(toPort !== DEFAULT_INPUT_PORT ? { toPort } : {}),
  };
}

/** One id per distinct edge: the validator refuses two edges with the same ends and ports. */
export function editorEdgeId(edge: WorkflowEdge): string {
  return `${edge.from}[${edge.port ?? ''}]->${edge.to}[${edge.toPort ?? ''}]`;
}
