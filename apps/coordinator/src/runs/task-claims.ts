import { Inject, Injectable } from '@nestjs/common';
import { DatabaseService } from '../persistence/database.service';
import { NodeTasksRepository } from './node-tasks.repository';
import { RunTransactions } from './run-transactions';
import { RunsRepository } from './runs.repository';

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
 * claimTask — an agent accepted a delivered task (README "Claim"). Under the run's lock
 * (shared with other claims, exclusive of advance, cancel and results):
 *
 * 1. the run must be running (a cancelled run's queued jobs may still be delivered);
 * 2. the conditional update `queued -> running WHERE agent, attempt = $n`: the fencing that
 *    stops an attempt that was superseded (its agent was partitioned away, its task moved) —
 *    and the `running` state the live view shows;
 * 3. the same agent accepting the same attempt again (it was delivered again after a
 *    restart) is allowed: delivery is at least once, recording exactly once; so is a claim
 *    that its own result overtook (a fast node's result is recorded while the claim waits
 *    for the lock): the attempt ran, and it is settled;
 * 4. the node is `running` from its first claimed task on.
 */
@Injectable()
export class TaskClaims {
  constructor(
    @Inject(RunTransactions) private readonly transactions: RunTransactions,
    @Inject(RunsRepository) private readonly runs: RunsRepository,
    @Inject(NodeTasksRepository) private readonly tasks: NodeTasksRepository,
    @Inject(DatabaseService) private readonly database: DatabaseService,
  ) {}

  /** Whether this node of this run is (or was) this agent's task, whatever the attempt. */
  async isAssigned(ref: { runId: string; nodeId: string; agentId: string }): Promise<boolean> {
    return (await this.tasks.findTask(this.database.db, ref.runId, ref.nodeId, ref.agentId)) !== undefined;
  }

  async claimTask(claim: TaskClaim): Promise<ClaimOutcome> {
    const outcome = await this.transactions.withRun(
      claim.runId,
      async ({ tx, run, effects }): Promise<ClaimOutcome> => {
        // 1.
        if (run.status !== 'running') return { ok: false, reason: `run ${run.id} is ${run.status}` };
        // 2.
        const now = new Date();
        const claimed = await this.tasks.updateTask(tx, claim, ['queued'], { status: 'running', startedAt: now });
        if (!claimed) {
          // 3.
          const current = await this.tasks.findTask(tx, claim.runId, claim.nodeId, claim.agentId);
          if (current?.attempt === claim.attempt && CLAIMED_OR_SETTLED.has(current.status)) return { ok: true };
          return { ok: false, reason: refusal(claim, current), ...(current ? {} : { notAssigned: true }) };
        }
        // 4.
        await this.runs.updateNodeRun(tx, claim.runId, claim.nodeId, { status: 'running', startedAt: now }, { statusIn: ['queued'] });
        effects.nodeChanged(claim.runId, claim.nodeId);
        return { ok: true };
      },
      'share',
    );
    return outcome ?? { ok: false, reason: `run ${claim.runId} not found`, notAssigned: true };
  }
}

function refusal(claim: TaskClaim, current: { attempt: number; status: string } | undefined): string {
  const what = `node ${claim.nodeId} attempt ${claim.attempt}`;
  if (!current) return `${what} is not assigned to this agent`;
  if (current.attempt !== claim.attempt) return `${what} was superseded by attempt ${current.attempt}`;
  return `${what} is ${current.status}`;
}
