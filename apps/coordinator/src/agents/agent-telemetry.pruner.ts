import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { lt } from 'drizzle-orm';
import { agentMetrics, agentTraces } from '@runtime-hub/db';
import { Leases } from '../cluster/leases.service';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { LOGGER, type Logger } from '../logging/logger';
import { DatabaseService } from '../persistence/database.service';

export interface PruneCounts {
  readonly metrics: number;
  readonly traces: number;
}

/**
 * Retention of agents' telemetry: every `telemetry.pruneIntervalMs` (RH_TELEMETRY_PRUNE_INTERVAL_MS)
 * it deletes metric samples older than RH_METRICS_RETENTION_MS and trace spans older than
 * RH_TRACES_RETENTION_MS, by the time the agent measured them. One prune runs at a time; a
 * failed prune is logged and the next tick tries again.
 */
@Injectable()
export class AgentTelemetryPruner implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(DatabaseService) private readonly database: DatabaseService,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(Leases) private readonly leases: Leases,
  ) {}

  onApplicationBootstrap(): void {
    // One replica prunes at a time (its lease).
    const lease = this.leases.lease('telemetry-prune');
    this.timer = setInterval(() => lease.admitsPass() && this.tick(), this.config.telemetry.pruneIntervalMs);
    // The prune never keeps the process alive on its own.
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** Deletes what is past its retention at `now`; answers how many samples and spans went. */
  async prune(now: Date = new Date()): Promise<PruneCounts> {
    const { metricsRetentionMs, tracesRetentionMs } = this.config.telemetry;
    const metrics = await this.database.db
      .delete(agentMetrics)
      .where(lt(agentMetrics.at, new Date(now.getTime() - metricsRetentionMs)))
      .returning({ at: agentMetrics.at });
    const traces = await this.database.db
      .delete(agentTraces)
      .where(lt(agentTraces.at, new Date(now.getTime() - tracesRetentionMs)))
      .returning({ id: agentTraces.id });
    return { metrics: metrics.length, traces: traces.length };
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.prune()
      .then((counts) => {
        if (counts.metrics + counts.traces > 0) this.logger.info(counts, 'pruned agent telemetry past its retention');
      })
      .catch((error: unknown) => this.logger.warn({ err: error }, 'could not prune agent telemetry; trying again at the next interval'))
      .finally(() => {
        this.running = undefined;
      });
  }
}
