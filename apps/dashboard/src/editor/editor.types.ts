import type { Edge, Node } from '@xyflow/react';
import type { WorkflowDefaults, WorkflowInput, WorkflowNode } from '@runtime-hub/protocol';

/**
 * What the editor edits: the workflow's own fields, and its nodes and edges in the shape
 * React Flow draws. Every edit replaces the document (the undo history keeps the old ones),
 * and `editorToDefinition` turns it back into a workflow definition at any time.
 */

/** The one React Flow node type of the editor and the run view. */
export const FLOW_NODE_TYPE = 'workflow';

/** A workflow node without its position, which React Flow keeps on the flow node itself. */
export type NodeSpec = Omit<WorkflowNode, 'position'>;

export interface FlowNodeData extends Record<string, unknown> {
  spec: NodeSpec;
}

export type EditorNode = Node<FlowNodeData, typeof FLOW_NODE_TYPE>;

/**
 * The edge's ports as the definition says them. A definition edge without `port` is taken
 * whenever its source succeeds, which no handle shows on its own, so the ports live here
 * and the handles only say where the line is drawn.
 */
export interface FlowEdgeData extends Record<string, unknown> {
  port?: string;
  toPort?: string;
}

export type EditorEdge = Edge<FlowEdgeData>;

/** The workflow's fields other than its nodes and edges. */
export interface WorkflowMeta {
  name: string;
  description?: string;
  inputs: Record<string, WorkflowInput>;
  defaults: WorkflowDefaults;
}

export interface EditorDocument {
  readonly meta: WorkflowMeta;
  readonly nodes: readonly EditorNode[];
  readonly edges: readonly EditorEdge[];
}
