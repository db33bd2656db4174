import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../../config/coordinator.config';
import { LOGGER, type Logger } from '../../logging/logger';
import { RunAdvancer, type CommittedRun } from './run-advancer';

interface Pending {
  /** Asked for again while it ran: one more advance after this one, on fresh rows. */
  again: boolean;
  readonly done: Promise<void>;
}

/**
 * Advances asked for after a commit (a recorded result), one at a time per run, coalesced:
 * a run asked to advance while it advances gets exactly one more advance after the current
 * one, however many results arrived meanwhile. The results of a fan-out's thousand hosts
 * therefore cost a few advances, not a thousand reads of a thousand rows queued on the run's
 * lock, and the caller (an agent waiting for its result's acknowledgement, holding a slot) does
 * not wait for the advance at all. An advance that fails is logged; the reconciler advances
 * every running run again.
 */
@Injectable()
export class RunAdvanceQueue implements OnApplicationShutdown {
  private readonly pending = new Map<string, Pending>();

  constructor(
    @Inject(RunAdvancer) private readonly advancer: RunAdvancer,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
  ) {}

  /** `committed`: the rows the commit left, used by the first advance only (later ones read afresh); `wide`: a run over COMMITTED_ROWS_MAX_NODES nodes. */
  request(runId: string, committed?: CommittedRun, { wide = false }: { wide?: boolean } = {}): void {
    const running = this.pending.get(runId);
    if (running) {
      running.again = true;
      return;
    }
    const entry: { again: boolean; done: Promise<void> } = { again: false, done: Promise.resolve() };
    entry.done = this.loop(runId, entry, committed, wide);
    this.pending.set(runId, entry);
  }

  /** Resolves once no advance is pending (shutdown; tests). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending.values()].map((entry) => entry.done));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.settled();
  }

  private async loop(runId: string, entry: Pending, committed: CommittedRun | undefined, wide: boolean): Promise<void> {
    // Let the caller finish its turn (acknowledge the result) before the advance starts.
    await new Promise((resolve) => setImmediate(resolve));
    let known = committed;
    // A wide run's next advance waits a little, so that the results arriving meanwhile share
    // it (RH_WIDE_RUN_ADVANCE_INTERVAL_MS); a narrow run's goes on at once.
    const spacingMs = wide ? this.config.runs.wideRunAdvanceIntervalMs : 0;
    try {
      do {
        if (entry.again && spacingMs > 0) await sleep(spacingMs);
        entry.again = false;
        await this.advancer.advance(runId, known).catch((error: unknown) => this.logger.error({ err: error, runId }, 'advancing a run after a result failed; the reconciler continues'));
        known = undefined;
      } while (entry.again);
    } finally {
      this.pending.delete(runId);
    }
  }
}
