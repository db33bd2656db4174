import { Inject, Injectable, Optional, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NodeTaskRow } from '@runtime-hub/db';
import { Leases } from '../../cluster/leases.service';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../../config/coordinator.config';
import { TASK_DISPATCHER, type TaskDispatcher } from '../../dispatch/dispatch.ports';
import { LOGGER, type Logger } from '../../logging/logger';
import { MetricsService } from '../../metrics/metrics.service';
import { DatabaseService } from '../../persistence/database.service';
import { childRunIdPrefix } from '../core/child-run-id';
import { ChildRuns } from './child-runs';
import { nodeDefinitionOf } from '../core/node-targets';
import { NodePreparer } from './node-preparer';
import { NodeTasksRepository } from '../adapters/node-tasks.repository';
import { RunAdvancer } from './run-advancer';
import { RunDefinitions } from '../adapters/run-definitions';
import { RunRecoveryJournal } from './run-recovery.journal';
import { RunsRepository } from '../adapters/runs.repository';

/**
 * The reconciler — README "Reconcile". At start and every `runs.reconcileIntervalMs`, for
 * every running run:
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
export class RunReconciler implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;
  private pass: Promise<void> | undefined;
  /** The first pass after a start recovers runs through the journal (run-recovery.journal.ts). */
  private recovered = false;
  private stopped = false;

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(DatabaseService) private readonly database: DatabaseService,
    @Inject(TASK_DISPATCHER) private readonly dispatcher: TaskDispatcher,
    @Inject(RunsRepository) private readonly runs: RunsRepository,
    @Inject(NodeTasksRepository) private readonly tasks: NodeTasksRepository,
    @Inject(RunDefinitions) private readonly definitions: RunDefinitions,
    @Inject(NodePreparer) private readonly preparer: NodePreparer,
    @Inject(ChildRuns) private readonly childRuns: ChildRuns,
    @Inject(RunAdvancer) private readonly advancer: RunAdvancer,
    @Inject(RunRecoveryJournal) private readonly journal: RunRecoveryJournal,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(Leases) private readonly leases: Leases,
    @Optional() @Inject(MetricsService) private readonly metrics?: MetricsService,
  ) {}

  onApplicationBootstrap(): void {
    // One replica reconciles at a time (its lease); the others' timers tick idle until it dies.
    const lease = this.leases.lease('reconciler');
    const tick = (): void => void (lease.admitsPass() && this.reconcile());
    tick();
    this.timer = setInterval(tick, this.config.runs.reconcileIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
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
    const db = this.database.db;
    // 1. queued tasks without their job
    const queued = await this.tasks.queuedTasksOfRunningRuns(db);
    let redispatched = 0;
    for (const task of queued) {
      if (this.stopped) return;
      if (await this.redispatchIfMissing(task)) redispatched += 1;
    }
    // 2. + 3. child-run nodes, then advance; at start, counted in the recovery journal
    const running = await this.runs.runsByStatus(db, 'running');
    const recovering = !this.recovered;
    for (const run of running) {
      if (this.stopped) return;
      const reconcile = () => this.reconcileRun(run.id);
      await (recovering ? this.journal.recover(run.id, reconcile) : reconcile()).catch((error: unknown) =>
        this.logger.error({ err: error, runId: run.id }, 'reconciling a run failed'),
      );
    }
    this.recovered = true;
    const abandonedRemoved = await this.dispatcher.sweepAbandoned().catch(() => 0);
    this.metrics?.runsActive.set(await this.runs.unfinishedRunCount(db));
    if (redispatched > 0 || abandonedRemoved > 0) {
      this.logger.info({ redispatched, abandonedRemoved, runs: running.length }, 'reconciled');
    }
  }

  private async redispatchIfMissing(task: NodeTaskRow): Promise<boolean> {
    const key = { runId: task.runId, nodeId: task.nodeId, agentId: task.agentId, attempt: task.attempt };
    if (await this.dispatcher.exists(key)) return false;
    const db = this.database.db;
    const current = await this.tasks.findTask(db, task.runId, task.nodeId, task.agentId);
    if (current?.status !== 'queued' || current.attempt !== task.attempt) return false;
    const run = await this.runs.findRun(db, task.runId);
    if (run?.status !== 'running') return false;
    const loaded = await this.definitions.load(db, run.workflowId, run.workflowVersion);
    const node = loaded.graph.node(task.nodeId);
    if (!node) return false;
    const built = await this.preparer.tasksFor({ run, loaded, node, rows: await this.runs.nodeRuns(db, run.id), attempt: task.attempt }, [task.agentId]);
    if (!built.ok) return false;
    for (const nodeTask of built.tasks) await this.dispatcher.dispatch(nodeTask);
    this.logger.warn(key, 'a queued task had no job; dispatched it again');
    return true;
  }

  private async reconcileRun(runId: string): Promise<void> {
    const db = this.database.db;
    for (const row of await this.runs.nodeRuns(db, runId)) {
      if (row.status !== 'running' || nodeDefinitionOf(row.type)?.runsOn !== 'coordinator') continue;
      const children = await this.runs.childRuns(db, runId, row.nodeId, childRunIdPrefix(runId, row.nodeId, row.attempt));
      if (children.length === 0) await this.childRuns.begin(runId, row.nodeId, row.attempt);
      else await this.childRuns.sync(runId, row.nodeId);
    }
    await this.advancer.advance(runId);
  }
}
