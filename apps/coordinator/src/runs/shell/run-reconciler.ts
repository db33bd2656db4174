import { Inject, Injectable, Optional, type OnApplicationShutdown } from '@nestjs/common';
import { LOGGER, type Logger } from '../../logging/logger';
import { MetricsService } from '../../metrics/metrics.service';
import { childRunIdPrefix } from '../core/child-run-id';
import { nodeDefinitionOf } from '../core/node-targets';
import { RUN_FOLLOW_UPS, type FollowUpRunner } from '../core/run-effects';
import { QueuedTaskRepairs } from './queued-task.repairs';
import { RunRecoveryJournal } from './run-recovery.journal';
import { RunStore } from './run-store';

/**
 * The reconciler — README "Reconcile". At start and every `runs.reconcileIntervalMs`
 * (run-engine.timers.ts), for every running run:
 *
 * 1. queued tasks whose job is missing from their agent's queue are dispatched again with the
 *    same job id (the coordinator stopped between committing a dispatch and adding the job,
 *    or Redis lost it); the task is read again after the queue says "missing", so a task an
 *    agent claimed and finished meanwhile is not sent twice;
 * 2. `workflow.call` / `foreach` / `repeat` nodes that are running get their children begun
 *    (none written yet) or synced (a child finished while the parent was not told);
 * 3. the run is advanced (idempotent: it only does what the planner says is still to do).
 *
 * Then jobs that lost agents were being handed are removed once their lock expired
 * (dispatcher `sweepAbandoned`), and the
 * active-runs gauge is set from the database. Every step is idempotent, so replicas may reconcile the same runs
 * at once; a pass never overlaps the previous one.
 */
@Injectable()
export class RunReconciler implements OnApplicationShutdown {
  private pass: Promise<void> | undefined;
  /** The first pass after a start recovers runs through the journal (run-recovery.journal.ts). */
  private recovered = false;
  private stopped = false;

  constructor(
    @Inject(RunStore) private readonly store: RunStore,
    @Inject(QueuedTaskRepairs) private readonly queuedTasks: QueuedTaskRepairs,
    @Inject(RUN_FOLLOW_UPS) private readonly followUps: FollowUpRunner,
    @Inject(RunRecoveryJournal) private readonly journal: RunRecoveryJournal,
    @Inject(LOGGER) private readonly logger: Logger,
    @Optional() @Inject(MetricsService) private readonly metrics?: MetricsService,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.pass;
  }

  /** One pass; a call while a pass runs waits for that pass instead of starting another. */
  reconcile(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.pass ??= this.reconcileOnce()
      .catch((error: unknown) => this.logger.error({ err: error }, 'reconcile pass failed'))
      .finally(() => {
        this.pass = undefined;
      });
    return this.pass;
  }

  private async reconcileOnce(): Promise<void> {
    const db = this.store.database.db;
    // 1. queued tasks without their job
    const queued = await this.store.tasks.queuedTasksOfRunningRuns(db);
    let redispatched = 0;
    for (const task of queued) {
      if (this.stopped) return;
      if (await this.queuedTasks.redispatchIfMissing(task)) redispatched += 1;
    }
    // 2. + 3. child-run nodes, then advance; at start, counted in the recovery journal
    const running = await this.store.runs.runsByStatus(db, 'running');
    const recovering = !this.recovered;
    for (const run of running) {
      if (this.stopped) return;
      const reconcile = () => this.reconcileRun(run.id);
      await (recovering ? this.journal.recover(run.id, reconcile) : reconcile()).catch((error: unknown) =>
        this.logger.error({ err: error, runId: run.id }, 'reconciling a run failed'),
      );
    }
    this.recovered = true;
    const abandonedRemoved = await this.queuedTasks.sweepAbandoned();
    this.metrics?.runsActive.set(await this.store.runs.unfinishedRunCount(db));
    if (redispatched > 0 || abandonedRemoved > 0) {
      this.logger.info({ redispatched, abandonedRemoved, runs: running.length }, 'reconciled');
    }
  }

  /** Steps 2 and 3: what a follow-up lost with a stopped coordinator would have done (run-follow-ups.ts). */
  private async reconcileRun(runId: string): Promise<void> {
    const { database, runs } = this.store;
    const db = database.db;
    for (const row of await runs.nodeRuns(db, runId)) {
      if (row.status !== 'running' || nodeDefinitionOf(row.type)?.runsOn !== 'coordinator') continue;
      const children = await runs.childRuns(db, runId, row.nodeId, childRunIdPrefix(runId, row.nodeId, row.attempt));
      if (children.length === 0) await this.followUps.run({ kind: 'begin-children', runId, nodeId: row.nodeId, attempt: row.attempt });
      else await this.followUps.run({ kind: 'sync-children', runId, nodeId: row.nodeId });
    }
    await this.followUps.run({ kind: 'advance', runId });
  }
}
