import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, type Logger } from '../logging/logger';
import { AgentRegistry } from './agent-registry';
import type { AgentControl } from './agents.ports';

/**
 * AGENT_CONTROL: `task:cancel` to an agent over its connection. Best effort: an agent that is
 * not connected right now finds the attempt superseded when it claims or reports it.
 */
@Injectable()
export class AgentControlService implements AgentControl {
  constructor(
    @Inject(AgentRegistry) private readonly registry: AgentRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  cancelTask(agentId: string, task: { runId: string; nodeId: string; attempt: number }): void {
    const socket = this.registry.get(agentId)?.socket;
    if (!socket) {
      this.logger.debug({ agentId, ...task }, 'cancel not sent: the agent is not connected');
      return;
    }
    socket.emit('task:cancel', { runId: task.runId, nodeId: task.nodeId, attempt: task.attempt });
  }
}
