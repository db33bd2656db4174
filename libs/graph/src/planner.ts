import { DEFAULT_OUTPUT_PORT, ERROR_PORT, isTerminalNodeRunStatus } from '@runtime-hub/protocol';
import type { NodeRunStatus, WorkflowEdge } from '@runtime-hub/protocol';
import type { WorkflowGraph } from './workflow-graph';

export interface NodeRunState {
  readonly status: NodeRunStatus;
  /**
   * The output port the node fired when it succeeded: `out` by default, `true`/`false` for a
   * condition, a case for a switch.
   */
  readonly port?: string;
}

export interface Plan {
  /** Pending nodes that may start now, in topological order. */
  readonly ready: readonly string[];
  /** Pending nodes to mark skipped now (skips already propagated transitively). */
  readonly skipped: readonly string[];
  /** Non-null when every node is terminal once `skipped` is applied. */
  readonly outcome: null | { status: 'succeeded' | 'failed'; failedNodes: readonly string[] };
}

type EdgeState = 'taken' | 'dead' | 'unsettled';

/**
 * Decides what happens next in a run, from the state of its nodes. Pure and deterministic:
 * it reads `states` and never changes it. libs/graph/README.md states the rules; the numbered
 * steps below follow it.
 */
export function plan(graph: WorkflowGraph, states: ReadonlyMap<string, NodeRunState>): Plan {
  const skippedNow = new Set<string>();
  const ready: string[] = [];

  // Step 1. A missing state means pending; a node skipped during this call counts as skipped.
  const statusOf = (id: string): NodeRunStatus => (skippedNow.has(id) ? 'skipped' : (states.get(id)?.status ?? 'pending'));

  // Step 2. Visit the nodes in topological order, so that every source of an edge is decided
  // (including skips made earlier in this same pass) before the edge's target is looked at:
  // one pass propagates skips through any number of levels.
  for (const id of graph.topologicalOrder) {
    if (statusOf(id) !== 'pending') continue;
    const incoming = graph.incoming(id);

    // Step 3. Roots are ready at the start.
    if (incoming.length === 0) {
      ready.push(id);
      continue;
    }

    // Step 4. Settle each incoming edge from the state of its source, then apply the join.
    const edgeStates = incoming.map((edge) => edgeState(edge, statusOf(edge.from), states.get(edge.from)?.port));
    const taken = edgeStates.includes('taken');
    const allSettled = !edgeStates.includes('unsettled');
    const join = graph.node(id)?.join ?? 'all';
    if (join === 'any') {
      if (taken) ready.push(id);
      else if (allSettled) skippedNow.add(id);
    } else if (allSettled) {
      if (taken) ready.push(id);
      else skippedNow.add(id);
    }
  }

  // Step 5. The outcome, once every node is terminal.
  const skipped = graph.topologicalOrder.filter((id) => skippedNow.has(id));
  return { ready, skipped, outcome: outcomeOf(graph, statusOf) };
}

/**
 * Source succeeded: an edge without `port` is taken; with `port`, taken iff it is the port the
 * source fired (default `out`); an `error` edge is dead. Source failed: only `error` edges are
 * taken. Source skipped or cancelled: dead. Source not terminal: unsettled.
 */
function edgeState(edge: WorkflowEdge, sourceStatus: NodeRunStatus, firedPort: string | undefined): EdgeState {
  switch (sourceStatus) {
    case 'succeeded':
      if (edge.port === undefined) return 'taken';
      if (edge.port === ERROR_PORT) return 'dead';
      return edge.port === (firedPort ?? DEFAULT_OUTPUT_PORT) ? 'taken' : 'dead';
    case 'failed':
      return edge.port === ERROR_PORT ? 'taken' : 'dead';
    case 'skipped':
    case 'cancelled':
      return 'dead';
    default:
      return 'unsettled';
  }
}

/**
 * Every node terminal: `failed` when some node failed with no `error` edge out of it (an
 * unhandled failure), listing those nodes in topological order; `succeeded` otherwise.
 * Cancellation of the run is the run state machine's decision, not the planner's.
 */
function outcomeOf(graph: WorkflowGraph, statusOf: (id: string) => NodeRunStatus): Plan['outcome'] {
  const failedNodes: string[] = [];
  for (const id of graph.topologicalOrder) {
    const status = statusOf(id);
    if (!isTerminalNodeRunStatus(status)) return null;
    if (status === 'failed' && !graph.outgoing(id).some((edge) => edge.port === ERROR_PORT)) failedNodes.push(id);
  }
  return failedNodes.length > 0 ? { status: 'failed', failedNodes } : { status: 'succeeded', failedNodes: [] };
}
