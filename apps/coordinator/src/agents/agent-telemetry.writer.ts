import { Inject, Injectable } from '@nestjs/common';
import { agentMetrics, agentTraces } from '@runtime-hub/db';
import type { AgentMetric, MetricBatch, TraceBatch } from '@runtime-hub/protocol';
import { LOGGER, type Logger } from '../logging/logger';
import { LiveEvents } from '../live/live.events';
import { DatabaseService } from '../persistence/database.service';

/**
 * The metric under which the coordinator records what an agent's buffers dropped: one sample
 * per batch that reports drops, valued at that batch's `dropped`, labelled `kind: metrics` or
 * `kind: traces`. Queryable like any metric (`?name=runtime_hub.dropped`) and drawn live.
 */
export const DROPPED_METRIC_NAME = 'runtime_hub.dropped';

/**
 * Stores the metric samples and trace spans agents send in batches (`agent:metrics`,
 * `agent:traces`). A batch is one insert; the agent's ack waits for it, so the agent keeps a
 * batch until it is stored. Stored metric samples are then shown on `/live` (`agent:metrics`)
 * for the dashboard's live charts.
 */
@Injectable()
export class AgentTelemetryWriter {
  constructor(
    @Inject(DatabaseService) private readonly database: DatabaseService,
    @Inject(LiveEvents) private readonly live: LiveEvents,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async writeMetrics(agentId: string, batch: MetricBatch): Promise<void> {
    const samples = [...batch.samples, ...this.dropped(agentId, 'metrics', batch.dropped)];
    if (samples.length === 0) return;
    await this.insertSamples(agentId, samples);
    this.live.agentMetrics({ agentId, samples });
  }

  async writeTraces(agentId: string, batch: TraceBatch): Promise<void> {
    const dropped = this.dropped(agentId, 'traces', batch.dropped);
    if (dropped.length > 0) {
      await this.insertSamples(agentId, dropped);
      this.live.agentMetrics({ agentId, samples: dropped });
    }
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

  /** The sample that records a batch's drop count (none when nothing was dropped). */
  private dropped(agentId: string, kind: 'metrics' | 'traces', count: number): AgentMetric[] {
    if (count === 0) return [];
    this.logger.warn({ agentId, dropped: count, kind }, `agent dropped ${kind === 'metrics' ? 'metric samples' : 'trace spans'} (its buffer was full)`);
    return [{ name: DROPPED_METRIC_NAME, value: count, at: new Date().toISOString(), labels: { kind } }];
  }

  private async insertSamples(agentId: string, samples: readonly AgentMetric[]): Promise<void> {
    await this.database.db
      .insert(agentMetrics)
      .values(samples.map((sample) => ({ agentId, name: sample.name, value: sample.value, at: new Date(sample.at), labels: sample.labels ?? null })));
  }
}
