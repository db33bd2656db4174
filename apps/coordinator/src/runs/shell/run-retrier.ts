import { Inject, Injectable } from '@nestjs/common';
import type { RunRow } from '@runtime-hub/db';
import { DatabaseService } from '../../persistence/database.service';
import { RunNotFoundError } from '../core/errors/run-not-found.error';
import { RunStateConflictError } from '../core/errors/run-state-conflict.error';
import { NodeTasksRepository } from '../adapters/node-tasks.repository';
import { RunAdvancer } from './run-advancer';
import { RunDefinitions } from '../adapters/run-definitions';
import { RunTransactions, type LockedRun } from './run-transactions';
import { RunsRepository } from '../adapters/runs.repository';
import { decide } from '../core/engine/decide';
import { clockOnly } from '../core/engine/decision';
import { nodesToRetry } from '../core/engine/nodes-to-retry';
import { applyDecision } from './engine-patches.applier';

/** Kept here for its spec and callers; the rule lives with the retry's decision. */
export { nodesToRetry };

/**
 * retryFailed(runId) — README "Retry failed nodes": only a run that finished `failed`. Under
 * its lock, the nodes of nodesToRetry go back to `pending` (their attempt counters keep
 * counting, so a result of an earlier attempt is still fenced off), their tasks are dropped,
 * the run is `running` again; after the commit, the run is advanced.
 */
@Injectable()
export class RunRetrier {
  constructor(
    @Inject(DatabaseService) private readonly database: DatabaseService,
    @Inject(RunTransactions) private readonly transactions: RunTransactions,
    @Inject(RunsRepository) private readonly runs: RunsRepository,
    @Inject(NodeTasksRepository) private readonly tasks: NodeTasksRepository,
    @Inject(RunDefinitions) private readonly definitions: RunDefinitions,
    @Inject(RunAdvancer) private readonly advancer: RunAdvancer,
  ) {}

  async retryFailed(runId: string): Promise<RunRow> {
    const run = await this.transactions.withRun(runId, (locked) => this.retryLocked(locked));
    if (!run) throw new RunNotFoundError(runId);
    await this.advancer.advance(runId);
    return (await this.runs.findRun(this.database.db, runId)) ?? run;
  }

  /** Under the lock: decide (core/engine decide.retry-failed.ts) on the run's rows, then write. */
  private async retryLocked(locked: LockedRun): Promise<RunRow> {
    const { tx, run } = locked;
    if (run.status !== 'failed') throw new RunStateConflictError(run.id, run.status, 'retry', 'it finished failed');
    const loaded = await this.definitions.load(tx, run.workflowId, run.workflowVersion);
    const snapshot = { run, nodes: await this.runs.nodeRuns(tx, run.id) };
    const decision = decide({ type: 'retry-failed' }, snapshot, { ...clockOnly(new Date()), graph: loaded.graph });
    const applied = await applyDecision(locked, decision, { runs: this.runs, tasks: this.tasks });
    return applied.run ?? run;
  }
}
