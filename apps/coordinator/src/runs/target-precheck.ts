import type { Target, WorkflowDefinition } from '@runtime-hub/protocol';
import type { KnownTargetAgent } from '../agents/agents.ports';
import { nodeDefinitionOf } from './node-preparer';

/** A node whose target no online or known agent can ever match, and why (shown to users as is). */
export interface UnmatchedTarget {
  readonly nodeId: string;
  readonly message: string;
}

/**
 * Before a run is accepted: which of its agent nodes target something no agent the
 * coordinator knows of (online, or enrolled and not revoked) could ever match. Such a node
 * would wait forever; refusing the run names it instead.
 *
 * - `{agent}`: no known agent has that id or name.
 * - `{labels}` (with or without `each`): no known agent carries every one of the labels.
 *
 * A target matched only by offline agents is accepted: the node waits for them with its
 * reason. A node without a target (or with `labels: []`) is left alone: any agent that
 * enrolls later can take it. Capabilities and the agent kind are not checked here: an agent
 * can come back with new ones, so they only make a node wait.
 */
export function unmatchedTargets(definition: WorkflowDefinition, agents: readonly KnownTargetAgent[]): UnmatchedTarget[] {
  const unmatched: UnmatchedTarget[] = [];
  for (const node of definition.nodes) {
    if (nodeDefinitionOf(node.type)?.runsOn === 'coordinator') continue;
    const target = node.target ?? definition.defaults.target;
    const message = target ? unmatchedMessage(target, agents) : undefined;
    if (message) unmatched.push({ nodeId: node.id, message: `node "${node.id}": ${message}` });
  }
  return unmatched;
}

function unmatchedMessage(target: Target, agents: readonly KnownTargetAgent[]): string | undefined {
  if ('agent' in target) {
    const known = agents.some((agent) => agent.id === target.agent || agent.name === target.agent);
    return known ? undefined : `no agent "${target.agent}" is enrolled`;
  }
  if (target.labels.length === 0) return undefined;
  if (agents.some((agent) => target.labels.every((label) => agent.labels.includes(label)))) return undefined;
  const missing = target.labels.filter((label) => !agents.some((agent) => agent.labels.includes(label)));
  if (missing.length > 0) return `no known agent has ${missing.length === 1 ? 'label' : 'labels'} [${missing.join(', ')}]`;
  return `no known agent has labels [${target.labels.join(', ')}] together`;
}
