import type { NodeResult, TaskRef } from '@runtime-hub/protocol';

/** An agent accepted one attempt of one node; the agent id comes from its connection. */
export interface TaskClaimRef {
  readonly runId: string;
  readonly nodeId: string;
  readonly agentId: string;
  readonly attempt: number;
}

/** `notAssigned`: the agent was never given this task (as opposed to a stale or finished attempt). */
export type TaskClaimOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: string; readonly notAssigned?: boolean };

/** Which task of a run an agent speaks of, whatever the attempt. */
export interface TaskOwnerRef {
  readonly runId: string;
  readonly nodeId: string;
  readonly agentId: string;
}

/**
 * What the `/agents` channel (agents.gateway.ts) and the task delivery (task-delivery.service.ts)
 * ask of the run engine about tasks; the runs module provides it (runs/shell/agent-task.entry.ts).
 * The channel's module sits above the runs module and imports it (agent-channel.module.ts), so
 * the engine exists before any agent connection is served.
 */
export interface AgentTaskEngine {
  /** The claim: the agent accepted the delivered attempt; it is running, or refused saying why. */
  claim(ref: TaskClaimRef): Promise<TaskClaimOutcome>;
  /** Whether the run engine ever gave this node of this run to this agent, whatever the attempt. */
  isAssigned(ref: TaskOwnerRef): Promise<boolean>;
  /** Records a result (an agent's `task:result`, or a delivery that failed for good); resolves once committed. */
  record(result: NodeResult): Promise<void>;
  /**
   * An agent registered again holding `held`: any attempt the engine believes it started on
   * that agent before `since` and that it does not hold was lost with its previous process.
   */
  agentReturned(agentId: string, held: readonly TaskRef[], since: Date): Promise<void>;
}
export const AGENT_TASK_ENGINE = Symbol('AGENT_TASK_ENGINE');
