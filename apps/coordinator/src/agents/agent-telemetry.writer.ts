import { Inject, Injectable } from '@nestjs/common';
import { agentMetrics, agentTraces } from '@runtime-hub/db';
import type { MetricBatch, TraceBatch } from '@runtime-hub/protocol';
import { LOGGER, type Logger } from '../logging/logger';
import { DatabaseService } from '../persistence/database.service';

/**
 * Stores the metric samples and trace spans agents send in batches (`agent:metrics`,
 * `agent:traces`). A batch is one insert; the agent's ack waits for it, so the agent keeps a
 * batch until it is stored.
 */
@Injectable()
export class AgentTelemetryWriter {
  constructor(
    @Inject(DatabaseService) private readonly database: DatabaseService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async writeMetrics(agentId: string, batch: MetricBatch): Promise<void> {
    if (batch.dropped > 0) this.logger.warn({ agentId, dropped: batch.dropped }, 'agent dropped metric samples (its buffer was full)');
    if (batch.samples.length === 0) return;
    await this.database.db.insert(agentMetrics).values(
      batch.samples.map((sample) => ({ agentId, name: sample.name, value: sample.value, at: new Date(sample.at), labels: sample.labels ?? null })),
    );
  }

  async writeTraces(agentId: string, batch: TraceBatch): Promise<void> {
    if (batch.dropped > 0) this.logger.warn({ agentId, dropped: batch.dropped }, 'agent dropped trace spans (its buffer was full)');
    if (batch.spans.length === 0) return;
    await this.database.db.insert(agentTraces).values(
      batch.spans.map((span) => ({
        agentId,
        runId: span.runId ?? null,
        nodeId: span.nodeId ?? null,
        name: span.name,
        module: span.module,
        durationMs: span.durationMs,
        depth: span.depth,
        at: new Date(span.at),
      })),
    );
  }
}
