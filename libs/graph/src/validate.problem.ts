import type { WorkflowEdge } from '@runtime-hub/protocol';
import type { IndexedEdge, IndexedNode } from './validate.subject';
import type { ProblemCode, ProblemEdge, ValidationProblem } from './validation.types';

type Segment = string | number;

/** A problem about one node; `rest` is the path inside the node (`'config', 'shell'`). */
export function nodeProblem(code: ProblemCode, message: string, entry: IndexedNode, ...rest: Segment[]): ValidationProblem {
  return { code, message, nodeId: entry.node.id, path: ['nodes', entry.index, ...rest] };
}

/** A problem about one edge; `nodeId` names the node at the end of it the problem concerns. */
export function edgeProblem(
  code: ProblemCode,
  message: string,
  entry: IndexedEdge,
  nodeId: string | undefined,
  ...rest: Segment[]
): ValidationProblem {
  return {
    code,
    message,
    ...(nodeId !== undefined ? { nodeId } : {}),
    edge: problemEdge(entry.edge),
    path: ['edges', entry.index, ...rest],
  };
}

export function problemEdge(edge: Pick<WorkflowEdge, 'from' | 'to' | 'port'>): ProblemEdge {
  return { from: edge.from, to: edge.to, ...(edge.port !== undefined ? { port: edge.port } : {}) };
}
