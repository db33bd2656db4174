import type { NodeRunStatus, WorkflowDefinition } from '@runtime-hub/protocol';

export interface NodeOutcome {
  readonly nodeId: string;
  readonly status: NodeRunStatus;
  readonly output: unknown;
}

/**
 * A run's outputs: the outputs of its succeeded leaf nodes (nodes with no outgoing edge),
 * keyed by node id. This is what a parent's `workflow.call`, `foreach` and `repeat` see of a
 * child run. A leaf that was skipped or failed contributes nothing.
 */
export function runOutputs(definition: WorkflowDefinition, nodes: readonly NodeOutcome[]): Record<string, unknown> {
  const hasOutgoing = new Set(definition.edges.map((edge) => edge.from));
  const byId = new Map(nodes.map((node) => [node.nodeId, node]));
  const outputs: Record<string, unknown> = {};
  for (const node of definition.nodes) {
    if (hasOutgoing.has(node.id)) continue;
    const outcome = byId.get(node.id);
    if (outcome?.status === 'succeeded') outputs[node.id] = outcome.output ?? null;
  }
  return outputs;
}
