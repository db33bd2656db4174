import { Inject, Injectable } from '@nestjs/common';
import type { RunRow, Transaction } from '@runtime-hub/db';
import { DatabaseService } from '../../persistence/database.service';
import { RunEffects } from '../core/run-effects';
import { RunEffectsFlusher } from './run-effects.flusher';
import { RunsRepository } from '../adapters/runs.repository';

/** A run whose row lock the current transaction holds. */
export interface LockedRun {
  readonly tx: Transaction;
  /** The run row as locked; engine code updates it through the repository, not in place. */
  readonly run: RunRow;
  readonly effects: RunEffects;
}

/**
 * The engine's unit of work: one transaction that holds the run's row lock, then the
 * transaction's effects once it committed. Inside the transaction only `tx` is used — never
 * another service that queries the database — because the embedded database (PGlite) has one
 * connection, and a query outside the open transaction would wait for it forever.
 */
@Injectable()
export class RunTransactions {
  constructor(
    @Inject(DatabaseService) private readonly database: DatabaseService,
    @Inject(RunsRepository) private readonly runs: RunsRepository,
    @Inject(RunEffectsFlusher) private readonly flusher: RunEffectsFlusher,
  ) {}

  /**
   * Runs `work` holding the run's lock (`update`: exclusive; `share`: with other sharers,
   * used by claims) and flushes its effects after the commit. Undefined when there is no such
   * run. If `work` throws, the transaction rolls back and no effect is carried out.
   */
  async withRun<T>(runId: string, work: (locked: LockedRun) => Promise<T>, mode: 'update' | 'share' = 'update'): Promise<T | undefined> {
    const effects = new RunEffects();
    const result = await this.database.db.transaction(async (tx) => {
      const run = mode === 'update' ? await this.runs.lockRun(tx, runId) : await this.runs.shareLockRun(tx, runId);
      if (!run) return { found: false as const };
      return { found: true as const, value: await work({ tx, run, effects }) };
    });
    await this.flusher.flush(effects);
    return result.found ? result.value : undefined;
  }

  /** A transaction that locks no existing run (a new run is being written). */
  async transaction<T>(work: (tx: Transaction, effects: RunEffects) => Promise<T>): Promise<T> {
    const effects = new RunEffects();
    const value = await this.database.db.transaction((tx) => work(tx, effects));
    await this.flusher.flush(effects);
    return value;
  }
}
