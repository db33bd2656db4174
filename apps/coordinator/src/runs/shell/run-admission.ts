import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { RunStore } from './run-store';
import { TERMINAL_RUN_STATUSES, type RunSummary } from '@runtime-hub/protocol';
import { Leases } from '../../cluster/leases.service';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../../config/coordinator.config';
import { LiveEvents } from '../../live/live.events';
import { LOGGER, type Logger } from '../../logging/logger';
import { DatabaseService } from '../../persistence/database.service';
import { CoalescedPasses } from './coalesced-passes';
import { decideAdmission, endMayAdmit } from '../core/run-admission.decision';
import { RunAdmissionRepository } from '../adapters/run-admission.repository';
import { RunTransactions } from './run-transactions';

/** What a run that must wait for admission says until the first admission pass names the real reason. */
export const AWAITING_ADMISSION_REASON = 'waiting for admission';

/**
 * Admission — README "Admission": the step between accepting a run and starting it. A run of a
 * workflow with a concurrency limit, or a run with a concurrency key, is written `queued`; then
 * `admit(workflowId)`:
 *
 * 1. in one transaction holding the workflow's admission lock (an advisory lock, so two
 *    coordinators never admit past the limit together): the limit, the running count, the
 *    concurrency keys held, and the queue in order (priority, then age);
 * 2. decideAdmission: who starts, and why the others wait;
 * 3. the admitted runs go `queued -> running`, the others' reasons are written;
 * 4. after the commit the admitted runs are advanced (the engine's follow-up) and published.
 *
 * A pass runs when a run is accepted queued, when a top-level run of a workflow with queued
 * runs ends on this coordinator and may have freed a slot or a key (endMayAdmit), when a limit
 * changes, and every RH_ADMISSION_SWEEP_INTERVAL_MS for what this coordinator did not see (a run
 * that ended on another replica, a restart).
 */
@Injectable()
export class RunAdmission implements OnApplicationBootstrap, OnApplicationShutdown {
  private stopListening: (() => void) | undefined;
  /** Passes by workflow: a call during one waits for it and one more. */
  private readonly passes = new CoalescedPasses(
    (workflowId) => this.admitOnce(workflowId),
    (workflowId, error) => this.logger.error({ err: error, workflowId }, 'admission pass failed; the sweep repeats it'),
  );
  private stopped = false;

  // The parts of RunStore this phase uses, under the names its steps read.
  private readonly database: DatabaseService;
  private readonly transactions: RunTransactions;

  constructor(
    @Inject(RunStore) store: RunStore,
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(RunAdmissionRepository) private readonly repository: RunAdmissionRepository,
    @Inject(LiveEvents) private readonly live: LiveEvents,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(Leases) private readonly leases: Leases,
  ) {
    this.database = store.database;
    this.transactions = store.transactions;
  }

  onApplicationBootstrap(): void {
    this.stopListening = this.live.onRunUpdated((run) => this.runUpdated(run));
    // Passes asked for by this replica's own events run here; the sweep runs on the lease's holder.
    const lease = this.leases.lease('admission-sweep');
    this.passes.sweepEvery(this.config.admission.sweepIntervalMs, () => (lease.admitsPass() ? this.sweep() : Promise.resolve()));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.stopListening?.();
    this.passes.stop();
    await this.passes.settled();
  }

  /** Before the start's write: must this new run wait for admission? (The limit as the replicas' cache holds it.) */
  async mustWait(workflowId: string, concurrencyKey: string | undefined): Promise<boolean> {
    return concurrencyKey !== undefined || (await this.repository.knownLimitOf(this.database.db, workflowId)) !== null;
  }

  /** A workflow's limit was set or removed (committed): every replica's starts see it, and queued runs it lets go start now. */
  limitChanged(workflowId: string): Promise<void> {
    this.repository.limitChanged(workflowId);
    return this.admit(workflowId);
  }

  /** One admission pass for the workflow (coalesced with one in progress). Never throws. */
  admit(workflowId: string): Promise<void> {
    return this.passes.run(workflowId);
  }

  /** Every workflow with queued runs gets a pass. */
  async sweep(): Promise<void> {
    if (this.stopped) return;
    try {
      for (const workflowId of await this.repository.workflowsWithQueued(this.database.db)) await this.admit(workflowId);
    } catch (error) {
      this.logger.warn({ err: error }, 'admission sweep failed');
    }
  }

  private runUpdated(run: RunSummary): void {
    if (run.parentRunId !== null || !TERMINAL_RUN_STATUSES.includes(run.status)) return;
    void (async () => {
      const db = this.database.db;
      if (!endMayAdmit(run, await this.repository.knownLimitOf(db, run.workflowId))) return;
      if (await this.repository.hasQueued(db, run.workflowId)) await this.admit(run.workflowId);
    })().catch((error: unknown) => this.logger.warn({ err: error, workflowId: run.workflowId }, 'admission after a run ended failed; the sweep repeats it'));
  }

  private async admitOnce(workflowId: string): Promise<void> {
    await this.transactions.transaction(async (tx, effects) => {
      // 1. the state, under the workflow's lock
      await this.repository.lockWorkflow(tx, workflowId);
      const queued = await this.repository.queued(tx, workflowId, this.config.admission.scanMax);
      if (queued.length === 0) return;
      const limit = await this.repository.limitOf(tx, workflowId);
      const running = await this.repository.runningCount(tx, workflowId);
      const heldKeys = await this.repository.heldKeys(tx, workflowId);
      // 2. decide
      const decision = decideAdmission({ workflowName: queued[0]?.workflowName ?? workflowId, limit, running, heldKeys, queued });
      // 3. write
      const admitted = await this.repository.admit(tx, decision.admit, new Date());
      for (const { id, reason } of decision.reasons) {
        await this.repository.setReason(tx, id, reason);
        effects.runChanged(id);
      }
      // 4. after the commit: advance and publish
      for (const runId of admitted) {
        effects.runChanged(runId);
        effects.runReached('running');
        effects.followUp({ kind: 'advance', runId });
      }
    });
  }
}
