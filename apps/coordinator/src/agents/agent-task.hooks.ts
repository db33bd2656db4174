import { Injectable } from '@nestjs/common';
import type { NodeResult } from '@runtime-hub/protocol';

/** A worker asks to start one attempt of one node; the agent id comes from its connection. */
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

/** Whether the run engine ever gave this node of this run to this agent. */
export type TaskOwnerCheck = (ref: TaskOwnerRef) => Promise<boolean>;

/** Decides claims: the run engine (conditional update queued -> running at this attempt). */
export type TaskClaimer = (ref: TaskClaimRef) => Promise<TaskClaimOutcome>;

/** Records a result a Python agent sent over `task:result`: the run engine. */
export type TaskResultRecorder = (result: NodeResult) => Promise<void>;

/** Claims are refused with this until the run engine has registered itself. */
export const NO_TASK_CLAIMER_REASON = 'the coordinator is starting: claim again shortly';

/**
 * Where the `/agents` gateway hands claims and Python results to the run engine. The engine
 * registers its functions here when it starts (`setTaskClaimer`, `setResultRecorder`): the
 * runs module imports the agents module, never the other way round, so the gateway cannot
 * inject the engine without a module cycle.
 */
@Injectable()
export class AgentTaskHooks {
  private claimer: TaskClaimer | undefined;
  private recorder: TaskResultRecorder | undefined;
  private ownerCheck: TaskOwnerCheck | undefined;

  setTaskClaimer(claimer: TaskClaimer): void {
    this.claimer = claimer;
  }

  setResultRecorder(recorder: TaskResultRecorder): void {
    this.recorder = recorder;
  }

  setTaskOwnerCheck(check: TaskOwnerCheck): void {
    this.ownerCheck = check;
  }

  /** Undefined until the run engine registered its check (the agent sends again later). */
  async isAssigned(ref: TaskOwnerRef): Promise<boolean | undefined> {
    return this.ownerCheck?.(ref);
  }

  async claim(ref: TaskClaimRef): Promise<TaskClaimOutcome> {
    if (!this.claimer) return { ok: false, reason: NO_TASK_CLAIMER_REASON };
    return this.claimer(ref);
  }

  /** False when no recorder is registered yet: the agent keeps the result and resends it. */
  async record(result: NodeResult): Promise<boolean> {
    if (!this.recorder) return false;
    await this.recorder(result);
    return true;
  }
}
