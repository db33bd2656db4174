import { Inject, Injectable } from '@nestjs/common';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../../config/coordinator.config';
import { DatabaseService } from '../../persistence/database.service';
import { NodeTasksRepository } from '../adapters/node-tasks.repository';
import { RunEffects } from '../core/run-effects';
import { RunEffectsFlusher } from './run-effects.flusher';
import { claimTasksInOneStatement, tasksNow, type TaskNow } from '../adapters/task-claim.statement';
import { StatementBatches } from '../../persistence/statement-batches';

/** Task states in which a repeated or overtaken claim of the same attempt is granted. */
const CLAIMED_OR_SETTLED: ReadonlySet<string> = new Set(['running', 'succeeded', 'failed']);

export interface TaskClaim {
  readonly runId: string;
  readonly nodeId: string;
  /** From the agent's authenticated connection, never from the message. */
  readonly agentId: string;
  readonly attempt: number;
}

/** `notAssigned`: no attempt of this node was ever given to this agent (a forged or confused claim). */
export type ClaimOutcome = { readonly ok: true } | { readonly ok: false; readonly reason: string; readonly notAssigned?: boolean };

/**
 * claimTask — an agent accepted a delivered task (README "Claim"), in one statement committed
 * on its own (task-claim.statement.ts), without the run's lock: the task row's lock orders it
 * against a cancel, a lost agent or a retry of that task. Claims that arrive while a claim
 * statement is out, of one run or of many, wait and then go together in the next (at most
 * RH_CLAIMS_PER_STATEMENT), each caller getting its own answer:
 *
 * 1. the run must be running (a cancelled run's queued jobs may still be delivered);
 * 2. the conditional update `queued -> running WHERE agent, attempt = $n`: the fencing that
 *    stops an attempt that was superseded (its agent was partitioned away, its task moved) —
 *    and the `running` state the live view shows;
 * 3. the node is `running` from its first claimed task on (same statement);
 * 4. nothing claimed: a claim that its own result overtook (a fast node's result is recorded
 *    before its claim's turn, and may have ended the run) is granted: the attempt ran, and it
 *    is settled (the statement says so: nothing is read again, and the agent is not told to
 *    stop a task it finished). So is the same agent accepting the same attempt again (it was
 *    delivered again after a restart): delivery is at least once, recording exactly once. Only
 *    this second case reads the tasks, those of a batch's run in one statement.
 */
@Injectable()
export class TaskClaims {
  /** Claims waiting for the claim statement go in the next one together. */
  private readonly batches: StatementBatches<TaskClaim, ClaimOutcome>;

  constructor(
    @Inject(NodeTasksRepository) private readonly tasks: NodeTasksRepository,
    @Inject(DatabaseService) private readonly database: DatabaseService,
    @Inject(RunEffectsFlusher) private readonly flusher: RunEffectsFlusher,
    @Inject(COORDINATOR_CONFIG) config: CoordinatorConfig,
  ) {
    this.batches = new StatementBatches((claims) => this.claimBatch(claims), config.runs.claimsPerStatement);
  }

  /** Whether this node of this run is (or was) this agent's task, whatever the attempt. */
  async isAssigned(ref: { runId: string; nodeId: string; agentId: string }): Promise<boolean> {
    return (await this.tasks.findTask(this.database.db, ref.runId, ref.nodeId, ref.agentId)) !== undefined;
  }

  claimTask(claim: TaskClaim): Promise<ClaimOutcome> {
    return this.batches.submit(claim);
  }

  private async claimBatch(claims: readonly TaskClaim[]): Promise<ClaimOutcome[]> {
    // 1. - 3.
    const answers = await claimTasksInOneStatement(this.database.db, claims, new Date());
    const effects = new RunEffects();
    for (const [index, claim] of claims.entries()) if (answers[index]?.claimed) effects.nodeChanged(claim.runId, claim.nodeId);
    await this.flusher.flush(effects);
    // 4. the tasks of the claims of running runs that changed nothing, read together per run
    const unclaimed = new Map<string, TaskClaim[]>();
    for (const [index, claim] of claims.entries()) {
      const answer = answers[index];
      if (answer?.runStatus !== 'running' || answer.claimed || answer.settled) continue;
      unclaimed.set(claim.runId, [...(unclaimed.get(claim.runId) ?? []), claim]);
    }
    const current = new Map<string, TaskNow>();
    for (const [runId, ofRun] of unclaimed) for (const task of await tasksNow(this.database.db, runId, ofRun)) current.set(`${runId}/${task.nodeId}/${task.agentId}`, task);
    return claims.map((claim, index) => {
      const answer = answers[index];
      if (answer?.runStatus === undefined) return { ok: false, reason: `run ${claim.runId} not found`, notAssigned: true };
      // Its own result came first (and may have ended the run): granted, nothing to stop.
      if (answer.settled) return { ok: true };
      if (answer.runStatus !== 'running') return { ok: false, reason: `run ${claim.runId} is ${answer.runStatus}` };
      return answer.claimed ? { ok: true } : notClaimed(claim, current.get(`${claim.runId}/${claim.nodeId}/${claim.agentId}`));
    });
  }
}

/** 4. Nothing claimed: granted again to the same attempt, otherwise refused saying why. */
function notClaimed(claim: TaskClaim, current: TaskNow | undefined): ClaimOutcome {
  if (current?.attempt === claim.attempt && CLAIMED_OR_SETTLED.has(current.status)) return { ok: true };
  return { ok: false, reason: refusal(claim, current), ...(current ? {} : { notAssigned: true }) };
}

function refusal(claim: TaskClaim, current: { attempt: number; status: string } | undefined): string {
  const what = `node ${claim.nodeId} attempt ${claim.attempt}`;
  if (!current) return `${what} is not assigned to this agent`;
  if (current.attempt !== claim.attempt) return `${what} was superseded by attempt ${current.attempt}`;
  return `${what} is ${current.status}`;
}
