import type { Target } from '@runtime-hub/protocol';

/**
 * What the run engine asks of the agents module. The engine never touches sockets or the
 * agent registry directly; it asks for agents and listens for agents coming and going.
 */

export interface AgentRef {
  readonly id: string;
  readonly name: string;
}

/** Which agents a node goes to, or why it has to wait (shown to users as is). */
export type AgentSelection =
  | { readonly kind: 'agents'; readonly agents: readonly AgentRef[] }
  | { readonly kind: 'waiting'; readonly reason: string };

export interface AgentSelectionRequest {
  readonly target: Target | undefined;
  /** Capabilities the node needs (from its definition, for its config). */
  readonly capabilities: readonly string[];
  /** Worker agents take most nodes; `python` nodes go to Python agents. */
  readonly agentKind: 'worker' | 'python';
  /** Agents to avoid when others match (the one that just lost the task). */
  readonly avoid?: readonly string[];
}

/** An agent a target could match: online, or enrolled and not revoked (it may come back). */
export interface KnownTargetAgent extends AgentRef {
  readonly kind: 'worker' | 'python';
  readonly labels: readonly string[];
  /** As it last registered them (online: now). */
  readonly capabilities: readonly string[];
  /** Online now: its capabilities are current, not what an offline host had. */
  readonly online: boolean;
}

export interface AgentDirectory {
  /**
   * Online agents for a target: `{agent}` that one; `{labels}` the least-loaded agent with
   * every label; `{labels, each: true}` every such agent. No match: a `waiting` reason such as
   * `no online agent matches labels [windows, finance]`.
   */
  select(request: AgentSelectionRequest): Promise<AgentSelection>;
  /**
   * The same answer from what is known without the database (agents online here and on other
   * replicas); undefined when only the database could give it (an `{agent}` target that is not
   * online: offline, revoked or unknown). For callers inside a transaction of the engine.
   */
  selectWithoutDatabase(request: AgentSelectionRequest): Promise<AgentSelection | undefined>;
  /** Every agent a target could ever match: online ones and enrolled ones that are not revoked. */
  knownAgents(): Promise<KnownTargetAgent[]>;
  /** The online part of knownAgents, read without the database: a target one of them matches needs no more. */
  onlineAgents(): Promise<KnownTargetAgent[]>;
}
export const AGENT_DIRECTORY = Symbol('AGENT_DIRECTORY');

/** Tells an agent over its control channel to stop a task (cancel). Best effort: results are fenced anyway. */
export interface AgentControl {
  cancelTask(agentId: string, task: { runId: string; nodeId: string; attempt: number }): void;
}
export const AGENT_CONTROL = Symbol('AGENT_CONTROL');

/** Agents coming and going; the run engine subscribes to re-plan waiting and lost work. */
export interface AgentLifecycleEvents {
  /** An agent registered or came back: nodes waiting for an agent may now have one. */
  onAgentOnline(listener: (agentId: string) => void): () => void;
  /** An agent went offline (silent past the threshold, disconnected, revoked): its tasks must move. */
  onAgentLost(listener: (agentId: string) => void): () => void;
  /** An online agent's labels or desktop session changed: nodes waiting for an agent may now have one. */
  onAgentChanged(listener: (agentId: string) => void): () => void;
}
export const AGENT_LIFECYCLE_EVENTS = Symbol('AGENT_LIFECYCLE_EVENTS');
