import { CAPABILITY_DESKTOP } from '@runtime-hub/nodes';
import type { AgentKind, AgentStatus, DesktopSession } from '@runtime-hub/protocol';
import type { AgentRef, AgentSelection, AgentSelectionRequest } from './agents.ports';

/**
 * Which online agents a node goes to (pure: the directory hands it the online agents and
 * their load). Steps, each narrowing the candidates:
 *
 *   1. `{agent}` target: that agent by id, else by name; it must be online, of the node's
 *      kind and hold every required capability.
 *   2. Otherwise: online agents of the node's kind,
 *   3. that carry every label of the target,
 *   4. that hold every capability the node needs,
 *   5. and, for a node that needs the `desktop` capability, whose desktop session is
 *      unlocked (a locked screen or a service session takes no keystrokes),
 *   6. minus the agents to avoid, unless they are the only ones left.
 *   7. `each: true`: all of them, by name. Else the least-loaded one (ties: by name).
 *
 * When a step leaves nobody, the node waits with the reason of that step, worded for the
 * person looking at the run.
 */

/** An online agent as selection sees it. */
export interface SelectableAgent extends AgentRef {
  readonly kind: AgentKind;
  readonly labels: readonly string[];
  readonly capabilities: readonly string[];
  /** Its desktop session as last reported. */
  readonly session: DesktopSession;
}

/** An enrolled agent that is not online, to explain why an `{agent}` target waits. */
export interface KnownAgent extends AgentRef {
  readonly status: AgentStatus;
}

export interface SelectionInput {
  readonly request: AgentSelectionRequest;
  readonly online: readonly SelectableAgent[];
  /** Tasks queued on or running at an agent. */
  readonly loadOf: (agentId: string) => number;
  /** For an `{agent}` target that is not online: that agent as enrolled, if it is. */
  readonly named?: KnownAgent;
}

export function selectAgents({ request, online, loadOf, named }: SelectionInput): AgentSelection {
  const { target, capabilities, agentKind } = request;
  if (target && 'agent' in target) return selectNamedAgent(target.agent, request, online, named);

  const labels = target?.labels ?? [];
  const ofKind = online.filter((agent) => agent.kind === agentKind);
  const labelled = ofKind.filter((agent) => labels.every((label) => agent.labels.includes(label)));
  if (labelled.length === 0) return waiting(noAgentReason(agentKind, labels));

  const capable = labelled.filter((agent) => holdsAll(agent, capabilities));
  if (capable.length === 0) return waiting(missingCapabilityReason(agentKind, labels, capabilities, labelled));

  const usable = needsDesktop(capabilities) ? capable.filter((agent) => agent.session === 'unlocked') : capable;
  if (usable.length === 0) return waiting(`no online agent with an unlocked desktop session${labels.length > 0 ? ` (labels ${formatLabels(labels)})` : ''}`);

  const avoid = new Set(request.avoid ?? []);
  const preferred = usable.filter((agent) => !avoid.has(agent.id));
  const candidates = preferred.length > 0 ? preferred : usable;

  if (target?.each) return { kind: 'agents', agents: [...candidates].sort(byName).map(toRef) };
  const [leastLoaded] = [...candidates].sort((a, b) => loadOf(a.id) - loadOf(b.id) || byName(a, b));
  return { kind: 'agents', agents: [toRef(leastLoaded!)] };
}

function selectNamedAgent(
  wanted: string,
  request: AgentSelectionRequest,
  online: readonly SelectableAgent[],
  named: KnownAgent | undefined,
): AgentSelection {
  const agent = online.find((candidate) => candidate.id === wanted) ?? online.find((candidate) => candidate.name === wanted);
  if (!agent) {
    if (!named) return waiting(`no agent "${wanted}" is enrolled`);
    return waiting(`agent "${named.name}" is ${named.status === 'revoked' ? 'revoked' : 'offline'}`);
  }
  if (agent.kind !== request.agentKind) {
    return waiting(`agent "${agent.name}" is a ${agent.kind} agent; the node needs a ${request.agentKind} agent`);
  }
  const missing = request.capabilities.filter((capability) => !agent.capabilities.includes(capability));
  if (missing.length > 0) return waiting(`agent "${agent.name}" lacks ${capabilityWord(missing)} ${missing.join(', ')}`);
  if (needsDesktop(request.capabilities) && agent.session !== 'unlocked') {
    return waiting(`agent "${agent.name}" has no unlocked desktop session (${agent.session === 'locked' ? 'its session is locked' : 'it runs without a desktop'})`);
  }
  return { kind: 'agents', agents: [toRef(agent)] };
}

/** `no online agent matches labels [windows, finance]`, `no online python agent`. */
function noAgentReason(kind: AgentKind, labels: readonly string[]): string {
  if (labels.length === 0) return `no online ${kind} agent`;
  return `no online ${kind === 'python' ? 'python ' : ''}agent matches labels ${formatLabels(labels)}`;
}

/**
 * `no online agent has capability shell:powershell (labels [windows])`. Names the
 * capabilities no candidate holds; when each is held by some candidate but none holds them
 * all, names every required capability with "together".
 */
function missingCapabilityReason(
  kind: AgentKind,
  labels: readonly string[],
  required: readonly string[],
  candidates: readonly SelectableAgent[],
): string {
  const heldByNobody = required.filter((capability) => !candidates.some((agent) => agent.capabilities.includes(capability)));
  const named = heldByNobody.length > 0 ? heldByNobody : required;
  const together = heldByNobody.length === 0 && required.length > 1 ? ' together' : '';
  const who = labels.length > 0 ? 'agent' : `${kind} agent`;
  const where = labels.length > 0 ? ` (labels ${formatLabels(labels)})` : '';
  return `no online ${who} has ${capabilityWord(named)} ${named.join(', ')}${together}${where}`;
}

function needsDesktop(capabilities: readonly string[]): boolean {
  return capabilities.includes(CAPABILITY_DESKTOP);
}

function holdsAll(agent: SelectableAgent, capabilities: readonly string[]): boolean {
  return capabilities.every((capability) => agent.capabilities.includes(capability));
}

function capabilityWord(capabilities: readonly string[]): string {
  return capabilities.length === 1 ? 'capability' : 'capabilities';
}

function formatLabels(labels: readonly string[]): string {
  return `[${labels.join(', ')}]`;
}

function byName(a: AgentRef, b: AgentRef): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function toRef(agent: AgentRef): AgentRef {
  return { id: agent.id, name: agent.name };
}

function waiting(reason: string): AgentSelection {
  return { kind: 'waiting', reason };
}
