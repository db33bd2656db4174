import type { ExpressionScope } from '@runtime-hub/graph';
import { isTerminalNodeRunStatus, type NodeRunStatus } from '@runtime-hub/protocol';

export interface ScopeRun {
  readonly id: string;
  readonly inputs: Record<string, unknown>;
  readonly workflowId: string;
  readonly workflowName: string;
  readonly workflowVersion: number;
}

export interface ScopeNode {
  readonly nodeId: string;
  readonly status: NodeRunStatus;
  readonly port: string | null;
  readonly output: unknown;
}

/**
 * `nodes` of the scope, built once per array of rows: an advance prepares every ready node of
 * a run over the same rows, and building it anew for each of 10,000 ready nodes made starting
 * such a run quadratic (seconds of a blocked event loop). Scopes only ever read it.
 */
const settledByRows = new WeakMap<readonly ScopeNode[], ExpressionScope['nodes']>();

function settledNodes(nodes: readonly ScopeNode[]): ExpressionScope['nodes'] {
  const known = settledByRows.get(nodes);
  if (known) return known;
  const scopeNodes: ExpressionScope['nodes'] = {};
  for (const node of nodes) {
    if (!isTerminalNodeRunStatus(node.status)) continue;
    scopeNodes[node.nodeId] = {
      status: node.status,
      ...(node.port !== null ? { port: node.port } : {}),
      ...(node.status === 'succeeded' ? { output: node.output ?? null } : {}),
    };
  }
  settledByRows.set(nodes, scopeNodes);
  return scopeNodes;
}

/**
 * The scope `{{ }}` templates and expressions see: `{ inputs, nodes, run }`. `nodes` holds the
 * settled nodes only (succeeded, failed, skipped, cancelled) with their status, the port
 * they fired and, for succeeded ones, their output; a node still running is not there, so a
 * template cannot read half a result. `run.attempt` is the attempt of the node being resolved.
 */
export function buildScope(run: ScopeRun, nodes: readonly ScopeNode[], attempt?: number): ExpressionScope {
  return {
    inputs: { ...run.inputs },
    nodes: settledNodes(nodes),
    run: {
      id: run.id,
      workflowId: run.workflowId,
      workflowName: run.workflowName,
      workflowVersion: run.workflowVersion,
      ...(attempt !== undefined ? { attempt } : {}),
    },
  };
}
