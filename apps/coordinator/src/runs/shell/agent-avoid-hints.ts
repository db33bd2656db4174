import { Injectable } from '@nestjs/common';

/**
 * Agents a node should not go back to on its next dispatch: the agent that was just lost
 * while running it. A hint, kept in memory: after a restart the lost agent is offline anyway,
 * and the directory never selects an offline agent.
 */
@Injectable()
export class AgentAvoidHints {
  private readonly hints = new Map<string, Set<string>>();

  add(runId: string, nodeId: string, agentId: string): void {
    const key = `${runId}/${nodeId}`;
    const agents = this.hints.get(key) ?? new Set<string>();
    agents.add(agentId);
    this.hints.set(key, agents);
  }

  get(runId: string, nodeId: string): string[] {
    return [...(this.hints.get(`${runId}/${nodeId}`) ?? [])];
  }

  /** The node was dispatched (or settled): the hint has served. */
  clear(runId: string, nodeId: string): void {
    this.hints.delete(`${runId}/${nodeId}`);
  }
}
