import { findTemplates, type WorkflowGraph } from '@runtime-hub/graph';
import { CAPABILITY_DESKTOP } from '@runtime-hub/nodes';
import { TASK_BUNDLES_CAPABILITY, type NodeRunStatus, type NodeTask, type Target, type WorkflowNode } from '@runtime-hub/protocol';

/**
 * Bundles (docs/ARCHITECTURE.md "Bundles"): a task carries the nodes that follow its own on
 * the same agent, so a chain bound to one host runs there without a round trip to the
 * coordinator per node. What may follow is decided in two parts: the graph (here,
 * `chainAfter`), then each node's config and the agent (`agentTakesStep`, and the preparer's
 * checks of templates and expressions); the bundle ends at the first node that does not fit.
 */

/**
 * The nodes that may follow `headId` by the graph alone, in order: each is the only node after
 * the one before it, on an edge taken whenever that one succeeds (no port: not an error or a
 * condition's branch), and has no other way in; it is still `pending` in the run; at most
 * `maxSteps` of them.
 */
export function chainAfter(graph: WorkflowGraph, headId: string, statusOf: (nodeId: string) => NodeRunStatus | undefined, maxSteps: number): WorkflowNode[] {
  const chain: WorkflowNode[] = [];
  let previous = headId;
  while (chain.length < maxSteps) {
    const outgoing = graph.outgoing(previous);
    const [edge] = outgoing;
    if (outgoing.length !== 1 || !edge || edge.port !== undefined) break;
    const next = graph.node(edge.to);
    if (!next || graph.incoming(next.id).length !== 1 || statusOf(next.id) !== 'pending') break;
    chain.push(next);
    previous = next.id;
  }
  return chain;
}

/** What the step's agent check reads of an online agent. */
export interface BundlingAgent {
  readonly id: string;
  readonly name: string;
  readonly kind: 'worker' | 'python';
  readonly labels: readonly string[];
  readonly capabilities: readonly string[];
}

/**
 * Whether the agent a bundle goes to would be a valid choice for this node on its own: a
 * worker that runs bundles, named by the node's `{agent}` target or carrying every label of
 * its `{labels}` target (not a fan-out), holding every capability the node needs. A node that
 * needs the desktop is left out: whether the session is unlocked is decided per dispatch.
 */
export function agentTakesStep(agent: BundlingAgent, target: Target | undefined, capabilities: readonly string[]): boolean {
  if (agent.kind !== 'worker' || !agent.capabilities.includes(TASK_BUNDLES_CAPABILITY)) return false;
  if (capabilities.includes(CAPABILITY_DESKTOP) || !capabilities.every((capability) => agent.capabilities.includes(capability))) return false;
  if (target === undefined) return true;
  if ('agent' in target) return target.agent === agent.id || target.agent === agent.name;
  return target.each !== true && target.labels.every((label) => agent.labels.includes(label));
}

/** Whether a config holds a `{{ }}` template anywhere (a secret's included): its value is known only at dispatch. */
export function holdsTemplate(value: unknown): boolean {
  if (typeof value === 'string') return findTemplates(value).length > 0;
  if (Array.isArray(value)) return value.some(holdsTemplate);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(holdsTemplate);
  return false;
}

/**
 * What a dispatch writes of its tasks, wherever it is written (an advance, a retry, a start):
 * the node row's agent (its single task's; null for a fan-out), one task row per agent, and
 * the `bundle` column of a single task's row (the node ids it carries, if any).
 */
export function dispatchRowsOf(preparation: { readonly fanOut: boolean; readonly tasks: ReadonlyArray<Pick<NodeTask, 'agentId' | 'bundle'>> }): {
  nodeAgentId: string | null;
  agentIds: string[];
  bundle?: string[];
} {
  const { fanOut, tasks } = preparation;
  const [single] = tasks.length === 1 ? tasks : [];
  return {
    nodeAgentId: fanOut ? null : (tasks[0]?.agentId ?? null),
    agentIds: tasks.map((task) => task.agentId),
    ...(single?.bundle ? { bundle: single.bundle.map((step) => step.nodeId) } : {}),
  };
}

/**
 * The time a task may take on its agent: its node's timeout, and with a bundle, every bundled
 * node's too (they run one after another). `timeoutOf`: a node's effective timeout; a node
 * the workflow no longer has counts nothing.
 */
export function taskTimeoutMs(task: { readonly nodeId: string; readonly bundle?: readonly string[] | null }, timeoutOf: (nodeId: string) => number | undefined): number {
  return [task.nodeId, ...(task.bundle ?? [])].reduce((sum, nodeId) => sum + (timeoutOf(nodeId) ?? 0), 0);
}
