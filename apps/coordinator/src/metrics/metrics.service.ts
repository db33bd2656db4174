import { Inject, Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { RunStatus } from '@runtime-hub/protocol';
import { LOGGER, type Logger } from '../logging/logger';

/** Every metric of the coordinator starts with this, so a shared Prometheus can tell them apart. */
export const METRIC_PREFIX = 'rh_';

/**
 * Histogram buckets for node durations, in seconds: from 1 ms (a `set` node) to 10 minutes
 * (a long script), roughly ×2.5 per step so both ends keep useful resolution.
 */
export const NODE_DURATION_BUCKETS_SECONDS: readonly number[] = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600,
];

/**
 * A scrape waits at most this long for the queue depth collectors (a Redis round trip each);
 * a slow Redis then costs the scrape the `rh_queue_depth` samples, not the whole scrape.
 */
export const QUEUE_DEPTH_COLLECT_TIMEOUT_MS = 2_000;

export interface QueueDepth {
  readonly queue: string;
  readonly depth: number;
}
export type QueueDepthCollector = () => Promise<readonly QueueDepth[]>;

/**
 * The coordinator's Prometheus metrics, on a Registry of its own (not prom-client's global
 * one) so that several coordinators can run in one process, as the tests do.
 */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();

  /** Runs that reached a status, by status (`pending` counts accepted runs). */
  readonly runsTotal = new Counter({
    name: `${METRIC_PREFIX}runs_total`,
    help: 'Runs that reached each status.',
    labelNames: ['status'] as const,
    registers: [this.registry],
  });

  /** Runs accepted and not yet finished. */
  readonly runsActive = new Gauge({
    name: `${METRIC_PREFIX}runs_active`,
    help: 'Runs accepted and not yet finished.',
    registers: [this.registry],
  });

  /** How long nodes ran on their agent, by node type. */
  readonly nodeDuration = new Histogram({
    name: `${METRIC_PREFIX}node_duration_seconds`,
    help: 'Duration of node executions in seconds, by node type.',
    labelNames: ['node_type'] as const,
    buckets: [...NODE_DURATION_BUCKETS_SECONDS],
    registers: [this.registry],
  });

  private readonly queueDepthCollectors = new Set<QueueDepthCollector>();

  /** Jobs waiting in each BullMQ queue, read at scrape time from the registered collectors. */
  readonly queueDepth: Gauge<'queue'>;

  constructor(@Inject(LOGGER) private readonly logger: Logger) {
    collectDefaultMetrics({ register: this.registry, prefix: METRIC_PREFIX });
    const collectors = this.queueDepthCollectors;
    const log = this.logger;
    this.queueDepth = new Gauge({
      name: `${METRIC_PREFIX}queue_depth`,
      help: 'Jobs waiting in each queue.',
      labelNames: ['queue'] as const,
      registers: [this.registry],
      async collect() {
        const depths = await collectQueueDepths([...collectors], log);
        this.reset();
        for (const { queue, depth } of depths) this.set({ queue }, depth);
      },
    });
  }

  /**
   * Adds a source of queue depths (the dispatch module registers one per Redis connection).
   * Returns the function that removes it again, for module shutdown.
   */
  registerQueueDepthCollector(collector: QueueDepthCollector): () => void {
    this.queueDepthCollectors.add(collector);
    return () => this.queueDepthCollectors.delete(collector);
  }

  recordRunStatus(status: RunStatus): void {
    this.runsTotal.inc({ status });
  }

  recordNodeDuration(nodeType: string, durationMs: number): void {
    this.nodeDuration.observe({ node_type: nodeType }, durationMs / 1000);
  }

  /** The Prometheus text exposition of every metric. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

/** Runs every collector with a time limit; a failing or slow one is logged and left out. */
async function collectQueueDepths(collectors: readonly QueueDepthCollector[], logger: Logger): Promise<QueueDepth[]> {
  const results = await Promise.allSettled(collectors.map((collector) => withTimeout(collector(), QUEUE_DEPTH_COLLECT_TIMEOUT_MS)));
  const depths: QueueDepth[] = [];
  for (const result of results) {
    if (result.status === 'fulfilled') depths.push(...result.value);
    else logger.warn({ err: result.reason }, 'a queue depth collector failed; rh_queue_depth is incomplete');
  }
  return depths;
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
