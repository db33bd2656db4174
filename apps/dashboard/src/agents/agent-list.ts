import type { AgentRecord } from '@runtime-hub/protocol';

/**
 * The agent list as live updates change it: each `agent:updated` replaces the agent it names
 * (or adds a new one); online first, then by name. Pure.
 */
export function mergeAgentUpdates(list: readonly AgentRecord[] | null, updates: readonly AgentRecord[]): AgentRecord[] {
  const byId = new Map((list ?? []).map((agent) => [agent.id, agent]));
  for (const agent of updates) byId.set(agent.id, agent);
  return sortAgents([...byId.values()]);
}

/** Online first, then by name. */
export function sortAgents(agents: readonly AgentRecord[]): AgentRecord[] {
  return [...agents].sort((a, b) => Number(b.status === 'online') - Number(a.status === 'online') || a.name.localeCompare(b.name));
}
