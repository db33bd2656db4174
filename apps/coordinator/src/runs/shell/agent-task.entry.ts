import { Inject, Injectable } from '@nestjs/common';
import type { NodeResult, TaskRef } from '@runtime-hub/protocol';
import type { AgentTaskEngine, TaskClaimOutcome, TaskClaimRef, TaskOwnerRef } from '../../agents/agent-task.ports';
import { AgentLoss } from './agent-loss';
import { ResultRecorder } from './result-recorder';
import { TaskClaims } from './task-claims';

/**
 * Where what agents say about their tasks enters the engine (AGENT_TASK_ENGINE, injected by the
 * `/agents` channel and the task delivery): the claim of a delivered task (task-claims.ts),
 * whose task it is, a result (result-recorder.ts) and the tasks a returning agent still holds
 * (agent-loss.ts). One door per event; the phases behind it are the same ones every other
 * caller reaches.
 */
@Injectable()
export class AgentTaskEntry implements AgentTaskEngine {
  constructor(
    @Inject(TaskClaims) private readonly claims: TaskClaims,
    @Inject(ResultRecorder) private readonly recorder: ResultRecorder,
    @Inject(AgentLoss) private readonly agentLoss: AgentLoss,
  ) {}

  claim(ref: TaskClaimRef): Promise<TaskClaimOutcome> {
    return this.claims.claimTask(ref);
  }

  isAssigned(ref: TaskOwnerRef): Promise<boolean> {
    return this.claims.isAssigned(ref);
  }

  /** Resolves once the result's transaction committed (a bad result is logged and dropped); throws when it failed, so the agent sends it again. */
  async record(result: NodeResult): Promise<void> {
    await this.recorder.recordResult(result);
  }

  agentReturned(agentId: string, held: readonly TaskRef[], since: Date): Promise<void> {
    return this.agentLoss.agentReturned(agentId, held, since);
  }
}
