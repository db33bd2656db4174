import { Inject, Injectable } from '@nestjs/common';
import type { RunRow } from '@runtime-hub/db';
import { TERMINAL_RUN_STATUSES, type RunError } from '@runtime-hub/protocol';
import { RunNotFoundError } from '../core/errors/run-not-found.error';
import { RunStateConflictError } from '../core/errors/run-state-conflict.error';
import { NodeTasksRepository } from '../adapters/node-tasks.repository';
import { notifyParent } from './run-advancer';
import { runError } from '../core/run-errors';
import { RunTransactions, type LockedRun } from './run-transactions';
import { RunsRepository } from '../adapters/runs.repository';

/** The reason a cancel records when the caller gives none. */
export const DEFAULT_CANCEL_REASON = 'cancelled by request';

/**
 * cancel(runId) — README "Cancel":
 *
 * 1. Under the run's lock: the run is `cancelled` at once (finished_at, error CANCELLED);
 *    every node and task that has not finished is `cancelled`.
 * 2. After the commit: queued jobs are removed from agents' queues, agents running a task
 *    are told to stop it (best effort: a result that still arrives finds its task cancelled
 *    and is ignored by the conditional update), every unfinished child run is cancelled in
 *    turn, and a parent is told its child ended.
 *
 * quarantine(runId, error) ends a run the same way, `failed` with that error: a run whose
 * handling keeps taking the coordinator down (run-recovery.journal.ts).
 */
@Injectable()
export class RunCanceller {
  constructor(
    @Inject(RunTransactions) private readonly transactions: RunTransactions,
    @Inject(RunsRepository) private readonly runs: RunsRepository,
    @Inject(NodeTasksRepository) private readonly tasks: NodeTasksRepository,
  ) {}

  /**
   * Cancels a run. `strict` (the REST API): a run that has already finished is a conflict.
   * Otherwise (propagation to children) a finished run is left as it is.
   */
  async cancel(runId: string, options: { reason?: string; strict?: boolean; cancelledBy?: string } = {}): Promise<RunRow> {
    const reason = options.reason ?? DEFAULT_CANCEL_REASON;
    const run = await this.transactions.withRun(runId, async (locked) => {
      if (TERMINAL_RUN_STATUSES.includes(locked.run.status)) {
        if (options.strict) throw new RunStateConflictError(runId, locked.run.status, 'cancel', 'it has not finished');
        return locked.run;
      }
      if (options.cancelledBy !== undefined) await this.runs.updateRun(locked.tx, runId, { cancelledBy: options.cancelledBy });
      return this.cancelLocked(locked, reason);
    });
    if (!run) throw new RunNotFoundError(runId);
    return run;
  }

  /** Ends an unfinished run as failed with `error`, stopping everything in it as a cancel does. */
  async quarantine(runId: string, error: RunError): Promise<RunRow | undefined> {
    return this.transactions.withRun(runId, async (locked) =>
      TERMINAL_RUN_STATUSES.includes(locked.run.status) ? locked.run : this.endLocked(locked, 'failed', error),
    );
  }

  private cancelLocked(locked: LockedRun, reason: string): Promise<RunRow> {
    return this.endLocked(locked, 'cancelled', runError('CANCELLED', reason));
  }

  private async endLocked(locked: LockedRun, status: 'cancelled' | 'failed', error: RunError): Promise<RunRow> {
    const { tx, run, effects } = locked;
    const now = new Date();
    // 1. the run, its nodes and tasks
    const cancelled = await this.runs.updateRun(tx, run.id, { status, finishedAt: now, cancelRequestedAt: now, error });
    for (const node of await this.runs.cancelOpenNodes(tx, run.id, { finishedAt: now, waitingReason: null, error: { ...error } })) {
      effects.nodeChanged(run.id, node.nodeId);
    }
    for (const { before, row } of await this.tasks.cancelOpenTasks(tx, run.id, { finishedAt: now, error })) {
      const key = { runId: row.runId, nodeId: row.nodeId, agentId: row.agentId, attempt: row.attempt };
      // 2. jobs that have not started are removed; running ones are told to stop
      if (before === 'queued') effects.removals.push(key);
      if (before === 'running') effects.stops.push(key);
    }
    for (const child of await this.runs.unfinishedChildren(tx, run.id)) {
      effects.followUp({ kind: 'cancel', runId: child.id, reason: `parent run ${run.id} was cancelled` });
    }
    effects.runChanged(run.id);
    effects.runReached(status);
    const result = cancelled ?? run;
    notifyParent(result, effects);
    return result;
  }
}
