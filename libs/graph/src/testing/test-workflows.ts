import { WorkflowDefinitionSchema } from '@runtime-hub/protocol';
import type { WorkflowDefinitionInput, WorkflowEdge, WorkflowNode } from '@runtime-hub/protocol';
import { WorkflowGraph } from '../workflow-graph';

/** A node in a test workflow: just an id (a `set` node), or the fields that matter to the test. */
export type TestNode = string | (Partial<WorkflowNode> & { id: string });

/** `a -> b`, `a -[true]-> b`, `a -[error]-> b`: the edges as a test draws them. */
const DRAWN_EDGE = /^\s*(\S+)\s+(?:->|-\[([^\]]+)\]->)\s+(\S+)\s*$/;

export function parseDrawnEdge(drawn: string): WorkflowEdge {
  const match = DRAWN_EDGE.exec(drawn);
  if (match === null) throw new Error(`not a drawn edge: "${drawn}" (write "a -> b" or "a -[port]-> b")`);
  const [, from = '', port, to = ''] = match;
  return { from, to, ...(port !== undefined ? { port } : {}) };
}

/**
 * A workflow definition for tests, as an author would write it (not parsed): nodes default
 * to type `set`, edges are drawn strings.
 */
export function testWorkflow(
  nodes: readonly TestNode[],
  edges: readonly string[] = [],
  extra: Partial<WorkflowDefinitionInput> = {},
): WorkflowDefinitionInput {
  return {
    schemaVersion: 1,
    name: 'test',
    nodes: nodes.map((node) => (typeof node === 'string' ? { id: node, type: 'set' } : { type: 'set', ...node })),
    edges: edges.map(parseDrawnEdge),
    ...extra,
  };
}

/** The graph of a test workflow (which must pass the schema). */
export function testGraph(nodes: readonly TestNode[], edges: readonly string[] = []): WorkflowGraph {
  return WorkflowGraph.from(WorkflowDefinitionSchema.parse(testWorkflow(nodes, edges)));
}
