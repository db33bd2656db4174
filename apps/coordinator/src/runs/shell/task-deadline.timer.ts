import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Leases } from '../../cluster/leases.service';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../../config/coordinator.config';
import { TaskDeadlineWatchdog } from './task-deadline.watchdog';

/**
 * When the deadline watchdog looks: every `runs.deadlineCheckIntervalMs`, on the replica that
 * holds the `task-deadlines` lease (one replica checks at a time). What it looks for is the
 * watchdog's (task-deadline.watchdog.ts).
 */
@Injectable()
export class TaskDeadlineTimer implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(Leases) private readonly leases: Leases,
    @Inject(TaskDeadlineWatchdog) private readonly watchdog: TaskDeadlineWatchdog,
  ) {}

  onApplicationBootstrap(): void {
    const lease = this.leases.lease('task-deadlines');
    this.timer = setInterval(() => void (lease.admitsPass() && this.watchdog.check()), this.config.runs.deadlineCheckIntervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
