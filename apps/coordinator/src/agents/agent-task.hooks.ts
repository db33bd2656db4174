import { Injectable } from '@nestjs/common';
import type { NodeResult, TaskRef } from '@runtime-hub/protocol';

/** An agent accepted one attempt of one node; the agent id comes from its connection. */
export interface TaskClaimRef {
  readonly runId: string;
  readonly nodeId: string;
  readonly agentId: string;
  readonly attempt: number;
}

/**
 * `notAssigned`: the agent was never given this task (as opposed to a stale or finished
 * attempt). `unavailable`: nothing was decided (the engine is not ready): the task is not
 * refused, the reconciler settles it later.
 */
export type TaskClaimOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: string; readonly notAssigned?: boolean; readonly unavailable?: boolean };

/** Which task of a run an agent speaks of, whatever the attempt. */
export interface TaskOwnerRef {
  readonly runId: string;
  readonly nodeId: string;
  readonly agentId: string;
}

/** Whether the run engine ever gave this node of this run to this agent. */
export type TaskOwnerCheck = (ref: TaskOwnerRef) => Promise<boolean>;

/** Marks an accepted task running: the run engine (conditional update queued -> running at this attempt). */
export type TaskClaimer = (ref: TaskClaimRef) => Promise<TaskClaimOutcome>;

/** Records a result an agent sent over `task:result`: the run engine. */
export type TaskResultRecorder = (result: NodeResult) => Promise<void>;

/**
 * An agent registered again holding `held`: any attempt the engine believes it started on
 * that agent before `since` and that it does not hold was lost with its previous process.
 */
export type HeldTasksCheck = (agentId: string, held: readonly TaskRef[], since: Date) => Promise<void>;

/** Claims are refused with this until the run engine has registered itself. */
export const NO_TASK_CLAIMER_REASON = 'the coordinator is starting: claim again shortly';

/**
 * Where the `/agents` gateway and the task delivery hand accepted tasks, results and
 * returning agents to the run engine. The engine registers its functions here when it starts:
 * the runs module imports the agents module, never the other way round, so the agents module
 * cannot inject the engine without a module cycle.
 */
@Injectable()
export class AgentTaskHooks {
  private claimer: TaskClaimer | undefined;
  private recorder: TaskResultRecorder | undefined;
  private ownerCheck: TaskOwnerCheck | undefined;
  private heldTasksCheck: HeldTasksCheck | undefined;

  setTaskClaimer(claimer: TaskClaimer): void {
    this.claimer = claimer;
  }

  setResultRecorder(recorder: TaskResultRecorder): void {
    this.recorder = recorder;
  }

  setTaskOwnerCheck(check: TaskOwnerCheck): void {
    this.ownerCheck = check;
  }

  setHeldTasksCheck(check: HeldTasksCheck): void {
    this.heldTasksCheck = check;
  }

  /** Undefined until the run engine registered its check (the agent sends again later). */
  async isAssigned(ref: TaskOwnerRef): Promise<boolean | undefined> {
    return this.ownerCheck?.(ref);
  }

  async claim(ref: TaskClaimRef): Promise<TaskClaimOutcome> {
    if (!this.claimer) return { ok: false, reason: NO_TASK_CLAIMER_REASON, unavailable: true };
    return this.claimer(ref);
  }

  /** False when no recorder is registered yet: the agent keeps the result and resends it. */
  async record(result: NodeResult): Promise<boolean> {
    if (!this.recorder) return false;
    await this.recorder(result);
    return true;
  }

  async checkHeldTasks(agentId: string, held: readonly TaskRef[], since: Date): Promise<void> {
    await this.heldTasksCheck?.(agentId, held, since);
  }
}
