import type { WorkflowNode } from '@runtime-hub/protocol';
import { NODE_CATALOGUE } from './catalogue';

/**
 * Where a node of a run is carried out:
 * - `coordinator`: decided by the coordinator in the engine's own transaction, with no task,
 *   no queue and no agent: a control node that touches no host (COORDINATOR_DECIDED_TYPES)
 *   and has no target of its own;
 * - `child-runs`: `workflow.call`, `foreach`, `repeat`: the coordinator runs child runs;
 * - `agent`: dispatched as a task to a worker (or Python) agent.
 */
export type NodeExecution = 'coordinator' | 'child-runs' | 'agent';

/**
 * Control nodes whose outcome is a pure function of their config and the run's scope, so the
 * coordinator can compute it with the same executor code an agent would run (`@runtime-hub/
 * nodes/control`). `delay` is not among them: it waits, and a wait the coordinator held would
 * need a durable timer of its own; it stays a dispatched task.
 */
export const COORDINATOR_DECIDED_TYPES: ReadonlySet<string> = new Set(
  [...NODE_CATALOGUE.values()].filter((definition) => definition.decidedWhenUntargeted === true).map((definition) => definition.type),
);

/**
 * How `node` is carried out. A node-level `target` is the author asking for an agent: such a
 * control node is dispatched as before. A workflow's default target (or a run's target
 * override) speaks for the nodes that need a host, and leaves control nodes to the coordinator.
 */
export function executionOf(node: Pick<WorkflowNode, 'type' | 'target'>): NodeExecution {
  if (NODE_CATALOGUE.get(node.type)?.runsOn === 'coordinator') return 'child-runs';
  if (COORDINATOR_DECIDED_TYPES.has(node.type) && node.target === undefined) return 'coordinator';
  return 'agent';
}

/** What `decidedByCoordinator` reads of a node run (a NodeRunRecord fits). */
export interface SettledNodeRun {
  readonly type: string;
  readonly status: string;
  readonly attempt: number;
  readonly agentId: string | null;
  readonly tasks: readonly unknown[];
}

/** How the dashboard and the CLI name the coordinator where they show a node's agent. */
export const DECIDED_BY_COORDINATOR_LABEL = 'decided by the coordinator';

/**
 * Whether a node run was decided by the coordinator itself: a control type, settled at an
 * attempt of its own with no agent and no task. A dispatched node that settles always has
 * its task rows (a template failure before dispatch stays at the attempt before), so the
 * record alone tells, without the workflow definition.
 */
export function decidedByCoordinator(run: SettledNodeRun): boolean {
  return (
    COORDINATOR_DECIDED_TYPES.has(run.type) &&
    (run.status === 'succeeded' || run.status === 'failed') &&
    run.attempt > 0 &&
    run.agentId === null &&
    run.tasks.length === 0
  );
}
