import { Inject, Injectable } from '@nestjs/common';
import { OnlineAgents } from '../cluster/online-agents';
import { AgentLoadTracker } from './agent-load.tracker';
import { AgentRegistry } from './agent-registry';
import { selectAgents, type KnownAgent, type SelectableAgent } from './agent-selection';
import { AgentsRepository } from './agents.repository';
import type { AgentDirectory, AgentSelection, AgentSelectionRequest, KnownTargetAgent } from './agents.ports';

/**
 * AGENT_DIRECTORY: selection (agent-selection.ts) over the online agents, those connected here
 * (memory) and those other replicas hold (the shared online list, cluster/online-agents.ts),
 * and their load as this replica knows it (what it dispatched; running tasks are reported to
 * the replica holding the agent). Only an `{agent}` target that is not online costs a query, to say whether that
 * agent is offline, revoked or was never enrolled.
 */
@Injectable()
export class AgentDirectoryService implements AgentDirectory {
  constructor(
    @Inject(AgentRegistry) private readonly registry: AgentRegistry,
    @Inject(AgentLoadTracker) private readonly load: AgentLoadTracker,
    @Inject(AgentsRepository) private readonly repository: AgentsRepository,
    @Inject(OnlineAgents) private readonly shared: OnlineAgents,
  ) {}

  /** Connected here, then held elsewhere (an agent that just moved here counts once). */
  private async online(): Promise<SelectableAgent[]> {
    const here = this.registry.all();
    const elsewhere = await this.shared.elsewhere();
    if (elsewhere.length === 0) return here;
    const ids = new Set(here.map((agent) => agent.id));
    return [...here, ...elsewhere.filter((agent) => !ids.has(agent.id))];
  }

  async select(request: AgentSelectionRequest): Promise<AgentSelection> {
    const online = await this.online();
    const target = request.target;
    let named: KnownAgent | undefined;
    if (target && 'agent' in target && !online.some((agent) => agent.id === target.agent || agent.name === target.agent)) {
      const row = await this.repository.findByIdOrName(target.agent);
      if (row) named = { id: row.id, name: row.name, status: row.status };
    }
    return selectAgents({ request, online, loadOf: (agentId) => this.load.load(agentId), named });
  }

  async selectWithoutDatabase(request: AgentSelectionRequest): Promise<AgentSelection | undefined> {
    const online = await this.online();
    const target = request.target;
    if (target && 'agent' in target && !online.some((agent) => agent.id === target.agent || agent.name === target.agent)) return undefined;
    return selectAgents({ request, online, loadOf: (agentId) => this.load.load(agentId) });
  }

  /** Online agents as they registered, plus the enrolled ones (not revoked) as last seen. */
  async knownAgents(): Promise<KnownTargetAgent[]> {
    const known = new Map<string, KnownTargetAgent>();
    for (const row of await this.repository.list()) {
      if (row.status !== 'revoked') known.set(row.id, { id: row.id, name: row.name, kind: row.kind, labels: row.labels, capabilities: row.capabilities, online: false });
    }
    for (const agent of await this.onlineAgents()) known.set(agent.id, agent);
    return [...known.values()];
  }

  async onlineAgents(): Promise<KnownTargetAgent[]> {
    return (await this.online()).map((agent) => ({ id: agent.id, name: agent.name, kind: agent.kind, labels: agent.labels, capabilities: agent.capabilities, online: true }));
  }
}
