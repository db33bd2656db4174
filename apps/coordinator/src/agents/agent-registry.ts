import { Injectable } from '@nestjs/common';
import type { AgentRegistration, DesktopSession } from '@runtime-hub/protocol';
import type { SelectableAgent } from './agent-selection';
import type { AgentSocket } from './agents.socket';

/** An agent that registered and is not lost. */
export interface OnlineAgent extends SelectableAgent {
  readonly registration: AgentRegistration;
  /** Its desktop session: from the registration, then from heartbeats that report a change. */
  session: DesktopSession;
  readonly connectedAt: Date;
  lastHeartbeatAt: Date;
  /** Its connection; null while it is disconnected within the grace period. */
  socket: AgentSocket | null;
}

/**
 * The online agents, in memory: one coordinator holds every agent connection, so this is
 * the truth about who is online; the `agents` table mirrors it for the REST API and history.
 */
@Injectable()
export class AgentRegistry {
  private readonly agents = new Map<string, OnlineAgent>();

  put(agent: OnlineAgent): void {
    this.agents.set(agent.id, agent);
  }

  get(agentId: string): OnlineAgent | undefined {
    return this.agents.get(agentId);
  }

  byName(name: string): OnlineAgent | undefined {
    for (const agent of this.agents.values()) if (agent.name === name) return agent;
    return undefined;
  }

  delete(agentId: string): OnlineAgent | undefined {
    const agent = this.agents.get(agentId);
    this.agents.delete(agentId);
    return agent;
  }

  all(): OnlineAgent[] {
    return [...this.agents.values()];
  }
}
