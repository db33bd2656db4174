import { ERROR_PORT, type NodeRunStatus } from '@runtime-hub/protocol';
import type { WorkflowGraph } from '@runtime-hub/graph';

/**
 * The failed nodes a retry runs again, and what they left unrun: every failed node without
 * an `error` edge (an unhandled failure, what made the run fail — a handled one already led
 * to its error branch), and the nodes downstream of them that were skipped or cancelled.
 */
export function nodesToRetry(graph: WorkflowGraph, rows: ReadonlyArray<{ readonly nodeId: string; readonly status: NodeRunStatus }>): string[] {
  const status = new Map(rows.map((row) => [row.nodeId, row.status]));
  const failed = rows
    .filter((row) => row.status === 'failed' && !graph.outgoing(row.nodeId).some((edge) => edge.port === ERROR_PORT))
    .map((row) => row.nodeId);
  const reset = new Set(failed);
  const pending = [...failed];
  for (let id = pending.pop(); id !== undefined; id = pending.pop()) {
    for (const edge of graph.outgoing(id)) {
      const next = status.get(edge.to);
      if (reset.has(edge.to) || (next !== 'skipped' && next !== 'cancelled')) continue;
      reset.add(edge.to);
      pending.push(edge.to);
    }
  }
  return graph.nodeIds.filter((id) => reset.has(id));
}
