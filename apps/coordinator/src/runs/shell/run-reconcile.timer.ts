import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Leases } from '../../cluster/leases.service';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../../config/coordinator.config';
import { RunReconciler } from './run-reconciler';

/**
 * When the reconciler passes: at start and every `runs.reconcileIntervalMs`, on the replica
 * that holds the `reconciler` lease (the others' timers tick idle until it dies).
 */
@Injectable()
export class RunReconcileTimer implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(Leases) private readonly leases: Leases,
    @Inject(RunReconciler) private readonly reconciler: RunReconciler,
  ) {}

  onApplicationBootstrap(): void {
    const lease = this.leases.lease('reconciler');
    const tick = (): void => void (lease.admitsPass() && this.reconciler.reconcile());
    tick();
    this.timer = setInterval(tick, this.config.runs.reconcileIntervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
