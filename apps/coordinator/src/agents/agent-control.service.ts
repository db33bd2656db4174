import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ReplicaBus } from '../cluster/replica-bus';
import { LOGGER, type Logger } from '../logging/logger';
import { AgentRegistry } from './agent-registry';
import type { AgentControl } from './agents.ports';

/**
 * AGENT_CONTROL: `task:cancel` to an agent over its connection. Best effort: an agent that is
 * not connected right now finds the attempt superseded when it claims or reports it.
 */
@Injectable()
export class AgentControlService implements AgentControl, OnModuleInit, OnModuleDestroy {
  private unsubscribe: (() => void) | undefined;

  constructor(
    @Inject(AgentRegistry) private readonly registry: AgentRegistry,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(ReplicaBus) private readonly bus: ReplicaBus,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.bus.subscribe((message) => {
      if (message.type === 'cancel') this.cancelTask(message.agentId, message.task, true);
    });
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  /** Sent by the replica holding the agent's connection: from here, or passed on to the others. */
  cancelTask(agentId: string, task: { runId: string; nodeId: string; attempt: number }, fromReplica = false): void {
    const agent = this.registry.get(agentId);
    if (!agent && !fromReplica) {
      this.bus.publish({ type: 'cancel', agentId, task: { runId: task.runId, nodeId: task.nodeId, attempt: task.attempt } });
      return;
    }
    const socket = agent?.socket;
    if (!socket) {
      this.logger.debug({ agentId, ...task }, 'cancel not sent: the agent is not connected');
      return;
    }
    socket.emit('task:cancel', { runId: task.runId, nodeId: task.nodeId, attempt: task.attempt });
  }
}
