import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { RESULTS_QUEUE } from '@runtime-hub/protocol';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { LOGGER, type Logger } from '../logging/logger';
import { ResultRecorder } from './result-recorder';

/**
 * Failed result jobs handed back to the consumer per reconcile: a result fails only when its
 * transaction could not commit (the database was away), and a hundred per pass drains any
 * realistic backlog within a few passes without one pass holding the reconciler long.
 */
export const RESULT_RETRIES_PER_PASS = 100;

/**
 * The results consumer — README "Results". A BullMQ Worker on RESULTS_QUEUE records each
 * result (ResultRecorder). The job completes only once recordResult has committed: a
 * coordinator that dies mid-way leaves the job active, BullMQ hands it out again after its
 * lock expires, and the conditional update makes the replay harmless. A result that fails
 * (the database was unreachable) stays in the failed set and is handed back by the reconciler
 * (`retryFailedJobs`). An invalid result is dropped by the recorder, not retried.
 */
@Injectable()
export class ResultsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private worker: Worker | undefined;
  private queue: Queue | undefined;
  private readonly connections: Redis[] = [];

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(ResultRecorder) private readonly recorder: ResultRecorder,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const prefix = this.config.redis.queuePrefix;
    this.worker = new Worker(RESULTS_QUEUE, (job: Job) => this.process(job), {
      connection: this.connect('results worker'),
      prefix,
      concurrency: this.config.runs.resultsConcurrency,
      lockDuration: this.config.runs.resultsLockDurationMs,
      stalledInterval: this.config.runs.resultsStalledIntervalMs,
    });
    this.worker.on('error', (error: Error) => this.logger.warn({ err: error }, 'results consumer error'));
    this.worker.on('failed', (job, error: Error) => this.logger.error({ err: error, jobId: job?.id }, 'a result could not be recorded; it will be retried'));
    this.queue = new Queue(RESULTS_QUEUE, { connection: this.connect('results queue'), prefix });
    this.queue.on('error', (error: Error) => this.logger.warn({ err: error }, 'results queue error'));
  }

  /** Hands failed result jobs back to the worker (the reconciler calls this). */
  async retryFailedJobs(): Promise<number> {
    if (!this.queue) return 0;
    const failed = await this.queue.getFailed(0, RESULT_RETRIES_PER_PASS - 1);
    let retried = 0;
    for (const job of failed) {
      try {
        await job.retry('failed');
        retried += 1;
      } catch (error) {
        this.logger.warn({ err: error, jobId: job.id }, 'could not retry a failed result job');
      }
    }
    return retried;
  }

  async onApplicationShutdown(): Promise<void> {
    // Waits for results being recorded; jobs not yet taken stay in the queue for the next start.
    await this.worker?.close().catch((error: unknown) => this.logger.warn({ err: error }, 'closing the results consumer failed'));
    await this.queue?.close().catch(() => undefined);
    await Promise.allSettled(this.connections.map((connection) => connection.quit().catch(() => connection.disconnect())));
    this.connections.length = 0;
    this.worker = undefined;
    this.queue = undefined;
  }

  private async process(job: Job): Promise<void> {
    await this.recorder.recordResult(job.data);
  }

  /** `maxRetriesPerRequest: null`: BullMQ workers require it, so a Redis restart delays results rather than failing them. */
  private connect(role: string): Redis {
    const connection = new Redis(this.config.redis.url, { maxRetriesPerRequest: null });
    connection.on('error', (error: Error) => this.logger.warn({ err: error, role }, 'Redis connection failed; reconnecting'));
    this.connections.push(connection);
    return connection;
  }
}
