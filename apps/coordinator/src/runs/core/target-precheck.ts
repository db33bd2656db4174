import { executionOf } from '@runtime-hub/nodes';
import type { Target, WorkflowDefinition, WorkflowNode } from '@runtime-hub/protocol';
import type { KnownTargetAgent } from '../../agents/agents.ports';
import { overriddenTarget } from './node-options';
import { nodeDefinitionOf } from './node-targets';

/** A node no online or known agent can ever run, and why (shown to users as is). */
export interface UnmatchedTarget {
  readonly nodeId: string;
  readonly message: string;
}

/**
 * Before a run is accepted: which of its agent nodes no agent the coordinator knows of
 * (online, or enrolled and not revoked) could ever run. Such a node would wait forever;
 * refusing the run names it instead.
 *
 * 1. `{agent}`: no known agent has that id or name.
 * 2. `{labels}` (with or without `each`): no known agent carries every one of the labels.
 * 3. Among the online agents the target matches (any online agent when it has none) and of
 *    the node's kind, one has every capability the node needs for its config
 *    (`shell:powershell` for a PowerShell script): else the node is refused, naming what those
 *    agents offer. When no online agent of that kind matches at all, the node is left alone:
 *    an offline host may come back, or another enroll, with the capability (their capabilities
 *    are only known once they register). A config whose capability depends on a template
 *    cannot be checked before it is resolved, and is left alone too.
 *
 * `targetOverride`: the run's override (a schedule's labels, a batch's host), checked instead of
 * the node's own target.
 *
 * A target matched only by offline agents is accepted: the node waits for them with its reason.
 */
export function unmatchedTargets(definition: WorkflowDefinition, agents: readonly KnownTargetAgent[], targetOverride?: Target): UnmatchedTarget[] {
  const unmatched: UnmatchedTarget[] = [];
  for (const node of definition.nodes) {
    // child runs and the control nodes the coordinator decides itself need no agent
    if (executionOf(node) !== 'agent') continue;
    const target = overriddenTarget(node.target ?? definition.defaults.target, targetOverride);
    const message = (target ? unmatchedMessage(target, agents) : undefined) ?? incapableMessage(node, target, agents);
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

/** 3. The kind and the capabilities the node needs, among the agents its target matches. */
function incapableMessage(node: WorkflowNode, target: Target | undefined, agents: readonly KnownTargetAgent[]): string | undefined {
  const definition = nodeDefinitionOf(node.type);
  if (!definition) return undefined;
  const kind = definition.runsOn === 'python-agent' ? 'python' : 'worker';
  const candidates = agents.filter((agent) => agent.online && agent.kind === kind && matches(target, agent));
  if (candidates.length === 0) return undefined;
  const config = definition.configSchema.safeParse(node.config);
  if (!config.success) return undefined;
  const needed = definition.requiredCapabilities(config.data);
  if (candidates.some((agent) => needed.every((capability) => agent.capabilities.includes(capability)))) return undefined;
  const offered = [...new Set(candidates.flatMap((agent) => agent.capabilities))].sort();
  const among = target && 'labels' in target && target.labels.length > 0 ? ` with labels [${target.labels.join(', ')}]` : '';
  return `no online ${kind} agent${among} has ${needed.length === 1 ? 'capability' : 'capabilities'} ${needed.join(', ')} (they offer ${offered.join(', ') || 'none'})`;
}

function matches(target: Target | undefined, agent: KnownTargetAgent): boolean {
  if (!target) return true;
  if ('agent' in target) return agent.id === target.agent || agent.name === target.agent;
  return target.labels.every((label) => agent.labels.includes(label));
}
