import { Inject, Injectable } from '@nestjs/common';
import type { Database, NodeRunRow, RunRow, Transaction } from '@runtime-hub/db';
import { LOGGER, type Logger } from '../../logging/logger';
import { DatabaseService } from '../../persistence/database.service';
import { RUN_FOLLOW_UPS, RunEffects, type FollowUpRunner } from '../core/run-effects';
import { RunEffectsFlusher } from './run-effects.flusher';
import { LOCK_RUN } from '../adapters/run-row.statements';
import { narrowRunNodeRunsAfterLock } from '../adapters/node-runs.statements';
import { withLockedRow, type TransactionEnd } from '../../persistence/locking-transaction';

/** A run whose row lock the current transaction holds. */
export interface LockedRun {
  readonly tx: Transaction;
  /** The run row as locked; engine code updates it through the repository, not in place. */
  readonly run: RunRow;
  readonly effects: RunEffects;
  /**
   * Asked for by `withRun`'s `commitWithLastWrite` (Postgres only): the work's last statement
   * may carry the COMMIT; the work writes nothing after it.
   */
  readonly end?: TransactionEnd;
}

/** What was read with the run's lock besides its row. */
export interface RowsAtLock {
  /** Every node row of a narrow run, in node id order, as the lock found them. */
  readonly nodeRows?: readonly NodeRunRow[];
}

/**
 * The engine's unit of work: one transaction that holds the run's row lock, then the
 * transaction's effects once it committed (run-effects.flusher.ts), then its follow-ups, each
 * in a transaction of its own (run-follow-ups.ts). Inside the transaction only `tx` is used — never
 * another service that queries the database — because the embedded database (PGlite) has one
 * connection, and a query outside the open transaction would wait for it forever.
 */
@Injectable()
export class RunTransactions {
  constructor(
    @Inject(DatabaseService) private readonly database: DatabaseService,
    @Inject(RunEffectsFlusher) private readonly flusher: RunEffectsFlusher,
    @Inject(RUN_FOLLOW_UPS) private readonly followUps: FollowUpRunner,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Runs `work` holding the run's lock and flushes its effects after the commit. Undefined
   * when there is no such run. If `work` throws, the transaction rolls back and no effect is
   * carried out.
   *
   * `narrowRunNodesUpTo`: the run's node rows are read in the lock's own round trip when it has
   * at most that many nodes (`atLock.nodeRows`, as they are when the lock was taken: the caller
   * uses them before it writes); none are read for a wider run.
   *
   * `commitWithLastWrite`: the work gets `locked.end`, to send its last statement with the COMMIT.
   */
  async withRun<T>(
    runId: string,
    work: (locked: LockedRun, atLock: RowsAtLock) => Promise<T>,
    options: { narrowRunNodesUpTo?: number; commitWithLastWrite?: boolean } = {},
  ): Promise<T | undefined> {
    const effects = new RunEffects();
    const readAfter = options.narrowRunNodesUpTo !== undefined ? narrowRunNodeRunsAfterLock(options.narrowRunNodesUpTo) : undefined;
    // BEGIN, the lock and, when asked, the rows in one round trip (persistence/locking-transaction.ts).
    const result = await withLockedRow(
      this.database.db,
      LOCK_RUN,
      runId,
      async (tx, run, nodeRows, end) => {
        if (!run) return { found: false as const };
        // No rows: a wider run (or one without nodes, which reads them the usual way).
        const atLock = nodeRows && nodeRows.length > 0 ? { nodeRows } : {};
        const locked: LockedRun = options.commitWithLastWrite && end ? { tx, run, effects, end } : { tx, run, effects };
        return { found: true as const, value: await work(locked, atLock) };
      },
      readAfter,
    );
    await this.afterCommit(effects);
    return result.found ? result.value : undefined;
  }

  /** A transaction that locks no existing run (a new run is being written). */
  async transaction<T>(work: (tx: Transaction, effects: RunEffects) => Promise<T>): Promise<T> {
    const effects = new RunEffects();
    const value = await this.database.db.transaction((tx) => work(tx, effects));
    await this.afterCommit(effects);
    return value;
  }

  /**
   * One statement committed on its own (a data-modifying CTE is one transaction: no BEGIN, no
   * COMMIT), on the pool, then its effects and follow-ups as after a transaction's commit. For a
   * write that locks no existing run; if `work` throws, no effect is carried out.
   */
  async statement<T>(work: (db: Database, effects: RunEffects) => Promise<T>): Promise<T> {
    const effects = new RunEffects();
    const value = await work(this.database.db, effects);
    await this.afterCommit(effects);
    return value;
  }

  /** The effects, then the follow-ups in order. Never throws: a follow-up that failed is repeated by the reconciler. */
  private async afterCommit(effects: RunEffects): Promise<void> {
    await this.flusher.flush(effects);
    for (const work of effects.followUps) {
      try {
        await this.followUps.run(work);
      } catch (error) {
        this.logger.error({ err: error, work }, 'follow-up failed; the reconciler will repeat it');
      }
    }
  }
}
