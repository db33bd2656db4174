import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { BatchItemRow, BatchRow } from '@runtime-hub/db';
import type { RunError, RunSummary } from '@runtime-hub/protocol';
import { Leases } from '../cluster/leases.service';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { LiveEvents } from '../live/live.events';
import { LOGGER, type Logger } from '../logging/logger';
import { NotificationsService } from '../notifications/notifications.service';
import { DatabaseService } from '../persistence/database.service';
import { TargetsUnmatchedError } from '../runs/core/errors/targets-unmatched.error';
import { RunEngine } from '../runs/shell/run-engine';
import { CoalescedPasses } from '../runs/shell/coalesced-passes';
import { runError } from '../runs/core/run-errors';
import { derivedRunId } from '../runs/core/run-start-options';
import { startRefusal } from '../triggers/start-refusal';
import { itemStatusOf, toBatchRecord } from './batch.views';
import { BatchesRepository } from './batches.repository';
import { triggerActor } from '../triggers/trigger-actor';

/**
 * Moves batches forward — README "A batch, step by step". Items wait in Postgres; the driver
 * starts them, lowest position first, while fewer than `concurrency` run:
 *
 * 1. fill: under the batch's row lock, the free slots are taken by the next waiting items,
 *    each marked running with the id its run will have (derived from batch, position and
 *    attempt); after the commit each run is started through RunEngine.start, held to its host
 *    for a hosts batch. A refused start fails the item with the reason.
 * 2. settle: an item's run ended (its `run:updated` on this coordinator): the item takes the
 *    run's outcome, and the batch is filled again. With nothing waiting or running the batch
 *    is finished, and its notifications go out.
 * 3. sweep, every RH_BATCH_SWEEP_INTERVAL_MS and at start: items whose run ended unseen (on
 *    another replica, before a restart) settle; items whose run was never written (the
 *    coordinator stopped between steps) are started again — the same id, so once; then fill.
 */
@Injectable()
export class BatchDriver implements OnApplicationBootstrap, OnApplicationShutdown {
  private stopListening: (() => void) | undefined;
  private readonly fills = new CoalescedPasses(
    (batchId) => this.fillOnce(batchId),
    (batchId, error) => this.logger.error({ err: error, batchId }, 'filling a batch failed; the sweep goes on'),
  );
  private stopped = false;

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(DatabaseService) private readonly database: DatabaseService,
    @Inject(BatchesRepository) private readonly repository: BatchesRepository,
    @Inject(RunEngine) private readonly engine: RunEngine,
    @Inject(LiveEvents) private readonly live: LiveEvents,
    @Inject(NotificationsService) private readonly notifications: NotificationsService,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(Leases) private readonly leases: Leases,
  ) {}

  onApplicationBootstrap(): void {
    this.stopListening = this.live.onRunUpdated((run) => this.runUpdated(run));
    // Fills asked for by this replica's own events run here; the sweep runs on the lease's holder.
    const lease = this.leases.lease('batch-sweep');
    this.fills.sweepEvery(this.config.batches.sweepIntervalMs, () => (lease.admitsPass() ? this.sweep() : Promise.resolve()));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    this.stopListening?.();
    this.fills.stop();
    await this.fills.settled();
  }

  /** Step 1 for one batch, coalesced with a fill in progress. Never throws. */
  fill(batchId: string): Promise<void> {
    return this.fills.run(batchId);
  }

  /** Step 3 over every batch with work in flight. */
  async sweep(): Promise<void> {
    if (this.stopped) return;
    try {
      for (const batch of await this.repository.withStatus(this.database.db, ['running', 'paused', 'cancelled'])) {
        await this.reconcile(batch).catch((error: unknown) => this.logger.warn({ err: error, batchId: batch.id }, 'reconciling a batch failed'));
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'batch sweep failed');
    }
  }

  private async fillOnce(batchId: string): Promise<void> {
    const now = new Date();
    const taken = await this.database.db.transaction(async (tx) => {
      const batch = await this.repository.lock(tx, batchId);
      if (!batch || batch.status !== 'running') return undefined;
      const running = await this.repository.countWithStatus(tx, batchId, 'running');
      const free = batch.concurrency - running;
      if (free <= 0) return undefined;
      const next = await this.repository.nextWaiting(tx, batchId, free);
      if (next.length === 0) {
        if (running > 0) return undefined;
        const finished = await this.repository.setStatus(tx, batchId, 'finished', now, ['running']);
        return finished ? { batch: finished, items: [] as BatchItemRow[], finished: true } : undefined;
      }
      const plan = next.map((item) => ({ seq: item.seq, attempts: item.attempts + 1, runId: derivedRunId('batch', batchId, item.seq, item.attempts + 1) }));
      return { batch, items: await this.repository.markStarting(tx, batchId, plan, now), finished: false };
    });
    if (!taken) return;
    for (const item of taken.items) await this.startItem(taken.batch, item);
    if (taken.finished) await this.announceFinished(taken.batch);
  }

  private async startItem(batch: BatchRow, item: BatchItemRow): Promise<void> {
    if (item.runId === null) return;
    try {
      await this.engine.start({ workflowId: batch.workflowId, version: batch.workflowVersion, inputs: item.inputs }, 'batch', {
        runId: item.runId,
        triggerId: batch.id,
        startedBy: triggerActor('batch', batch.name),
        priority: batch.priority,
        ...(item.agentId !== null ? { targetOverride: { agent: item.agentId } } : {}),
      });
    } catch (error) {
      const refusal = startRefusal(error);
      if (refusal === null) {
        this.logger.warn({ err: error, batchId: batch.id, seq: item.seq }, 'starting a batch item failed; the sweep starts it again');
        return;
      }
      const reason: RunError = runError(error instanceof TargetsUnmatchedError ? 'NO_AGENT' : 'VALIDATION_FAILED', `the run could not start: ${refusal}`);
      if (await this.repository.settle(this.database.db, batch.id, item.runId, 'failed', reason, new Date())) void this.fill(batch.id);
    }
  }

  /** Step 2, from this coordinator's run updates. */
  private runUpdated(run: RunSummary): void {
    if (run.trigger !== 'batch' || run.triggerId === null || run.parentRunId !== null) return;
    const status = itemStatusOf(run.status);
    if (status === null) return;
    const batchId = run.triggerId;
    void (async () => {
      if (await this.repository.settle(this.database.db, batchId, run.id, status, run.error, new Date())) await this.fill(batchId);
    })().catch((error: unknown) => this.logger.warn({ err: error, batchId, runId: run.id }, 'settling a batch item failed; the sweep repeats it'));
  }

  private async reconcile(batch: BatchRow): Promise<void> {
    const db = this.database.db;
    const now = Date.now();
    for (const item of await this.repository.running(db, batch.id)) {
      if (item.runId === null) continue;
      const status = item.runStatus === null ? null : itemStatusOf(item.runStatus);
      if (status !== null) {
        await this.repository.settle(db, batch.id, item.runId, status, item.runError, new Date());
      } else if (item.runStatus === null && batch.status === 'running' && now - (item.startedAt?.getTime() ?? now) >= this.config.batches.sweepIntervalMs) {
        const row = await this.repository.item(db, batch.id, item.seq);
        if (row) await this.startItem(batch, row);
      }
    }
    if (batch.status === 'running') await this.fill(batch.id);
  }

  private async announceFinished(batch: BatchRow): Promise<void> {
    const progress = (await this.repository.progress(this.database.db, [batch.id])).get(batch.id);
    if (!progress) return;
    this.logger.info({ batchId: batch.id, ...progress }, 'batch finished');
    this.notifications.batchFinished(toBatchRecord(batch, progress));
  }
}
