import type { AckErrorCode, AgentError } from '@runtime-hub/protocol';

/**
 * A message from an agent that the coordinator will not act on (a name taken by another
 * agent, a result for another agent's task). The gateway answers it with `agent:error`
 * (`agentCode`) and, when the agent asked for an ack, a failed ack (`ackCode`).
 */
export class AgentMessageRefusedError extends Error {
  override readonly name = 'AgentMessageRefusedError';

  constructor(
    readonly ackCode: AckErrorCode,
    readonly agentCode: AgentError['code'],
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
