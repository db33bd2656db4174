import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { LOGGER, type Logger } from '../logging/logger';
import { AuditService } from './audit.service';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Drops audit entries older than RH_AUDIT_RETENTION_DAYS, every RH_AUDIT_PRUNE_INTERVAL_MS (and once at start). */
@Injectable()
export class AuditRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  onApplicationBootstrap(): void {
    void this.prune();
    this.timer = setInterval(() => void this.prune(), this.config.audit.pruneIntervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async prune(): Promise<void> {
    try {
      const deleted = await this.audit.prune(new Date(Date.now() - this.config.audit.retentionDays * DAY_MS));
      if (deleted > 0) this.logger.info({ deleted }, 'pruned audit entries past their retention');
    } catch (error) {
      this.logger.warn({ err: error }, 'could not prune the audit log; trying again at the next pass');
    }
  }
}
