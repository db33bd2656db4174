import { Inject, Injectable } from '@nestjs/common';
import type { RunRow } from '@runtime-hub/db';
import { TERMINAL_RUN_STATUSES, type RunError } from '@runtime-hub/protocol';
import { RunNotFoundError } from '../core/errors/run-not-found.error';
import { RunStateConflictError } from '../core/errors/run-state-conflict.error';
import { NodeTasksRepository } from '../adapters/node-tasks.repository';
import { decide } from '../core/engine/decide';
import { clockOnly } from '../core/engine/decision';
import type { EngineEvent } from '../core/engine/engine.types';
import { applyDecision } from './engine-patches.applier';
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
      const event = { type: 'cancel' as const, reason, unfinishedChildren: await this.unfinishedChildren(locked), ...(options.cancelledBy !== undefined ? { cancelledBy: options.cancelledBy } : {}) };
      const ended = await this.endLocked(locked, event);
      if (!ended && options.strict) throw new RunStateConflictError(runId, locked.run.status, 'cancel', 'it has not finished');
      return ended ?? locked.run;
    });
    if (!run) throw new RunNotFoundError(runId);
    return run;
  }

  /** Ends an unfinished run as failed with `error`, stopping everything in it as a cancel does. */
  async quarantine(runId: string, error: RunError): Promise<RunRow | undefined> {
    return this.transactions.withRun(runId, async (locked) => (await this.endLocked(locked, { type: 'quarantine', error, unfinishedChildren: await this.unfinishedChildren(locked) })) ?? locked.run);
  }

  /** The child runs a cancel cancels in turn (none to read when the run has already finished). */
  private async unfinishedChildren(locked: LockedRun): Promise<string[]> {
    if (TERMINAL_RUN_STATUSES.includes(locked.run.status)) return [];
    return (await this.runs.unfinishedChildren(locked.tx, locked.run.id)).map((child) => child.id);
  }

  /** 1. decide (core/engine decide.cancel.ts) and write; 2. is the effects'. Undefined when the run had finished. */
  private async endLocked(locked: LockedRun, event: Extract<EngineEvent, { type: 'cancel' | 'quarantine' }>): Promise<RunRow | undefined> {
    const decision = decide(event, { run: locked.run, nodes: [] }, clockOnly(new Date()));
    if (decision.ignored !== undefined) return undefined;
    const applied = await applyDecision(locked, decision, { runs: this.runs, tasks: this.tasks });
    return applied.run ?? locked.run;
  }
}
