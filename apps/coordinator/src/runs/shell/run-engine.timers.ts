import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Leases, type SingletonWork } from '../../cluster/leases.service';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../../config/coordinator.config';
import { RunReconciler } from './run-reconciler';
import { TaskDeadlineWatchdog } from './task-deadline.watchdog';

/**
 * The engine's two periodic passes, each on the one replica that holds its lease (the others'
 * timers tick idle until it dies): the reconciler at start and every `runs.reconcileIntervalMs`
 * (lease `reconciler`), the deadline watchdog every `runs.deadlineCheckIntervalMs` (lease
 * `task-deadlines`). What each pass looks for is its own file's.
 */
@Injectable()
export class RunEngineTimers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(Leases) private readonly leases: Leases,
    @Inject(RunReconciler) private readonly reconciler: RunReconciler,
    @Inject(TaskDeadlineWatchdog) private readonly watchdog: TaskDeadlineWatchdog,
  ) {}

  onApplicationBootstrap(): void {
    const reconcile = this.leasedPass('reconciler', () => this.reconciler.reconcile());
    reconcile();
    this.every(this.config.runs.reconcileIntervalMs, reconcile);
    this.every(this.config.runs.deadlineCheckIntervalMs, this.leasedPass('task-deadlines', () => this.watchdog.check()));
  }

  onApplicationShutdown(): void {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
  }

  /** A pass that runs only while this replica holds the lease. */
  private leasedPass(name: SingletonWork, pass: () => Promise<unknown>): () => void {
    const lease = this.leases.lease(name);
    return () => void (lease.admitsPass() && pass());
  }

  private every(intervalMs: number, tick: () => void): void {
    const timer = setInterval(tick, intervalMs);
    timer.unref();
    this.timers.push(timer);
  }
}
