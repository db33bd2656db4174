import { DelayedError, Queue, WaitingError, Worker, type Job } from 'bullmq';
import IORedis from 'ioredis';
import type { AgentQueue, NodeResult } from '@runtime-hub/protocol';
import type { Logger } from './logger';
import type { TaskRunner } from './task-runner';
import { HAND_BACK_TIMEOUT_MS, RESULT_JOBS_KEPT_ON_FAIL } from './worker.defaults';

/**
 * The worker's side of BullMQ: it pulls its own queue (`agent.<id>`, named by the coordinator
 * at registration) with `concurrency` jobs at once, hands each job to the TaskRunner, and adds
 * results to the results queue the coordinator consumes. A job completes only after its
 * result is in Redis, so at-least-once delivery holds across crashes; the coordinator records
 * each attempt once.
 */
export interface TaskQueueOptions {
  readonly queue: AgentQueue;
  /** Redis as this host reaches it (REDIS_URL, else what the coordinator named). */
  readonly redisUrl: string;
  readonly concurrency: number;
  /** BullMQ `lockDuration` and `stalledInterval` (worker.config.ts). */
  readonly lockDurationMs: number;
  readonly stalledIntervalMs: number;
  readonly runner: TaskRunner;
  readonly logger: Logger;
}

export class TaskQueue {
  private readonly connection: IORedis;
  private readonly worker: Worker;
  private readonly results: Queue;
  private stopping: Promise<void> | undefined;

  constructor(private readonly options: TaskQueueOptions) {
    const { queue, logger } = options;
    // BullMQ workers block on Redis; `maxRetriesPerRequest: null` lets commands wait out a
    // Redis restart instead of failing (required by BullMQ for workers).
    this.connection = new IORedis(options.redisUrl, { maxRetriesPerRequest: null });
    this.connection.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
    this.results = new Queue(queue.resultsQueue, { connection: this.connection, prefix: queue.prefix });
    this.results.on('error', (error) => logger.warn({ err: error }, 'results queue error'));
    this.worker = new Worker(queue.name, (job, token) => this.process(job, token), {
      connection: this.connection,
      prefix: queue.prefix,
      concurrency: options.concurrency,
      lockDuration: options.lockDurationMs,
      stalledInterval: options.stalledIntervalMs,
    });
    this.worker.on('error', (error) => logger.error({ err: error }, 'task queue error'));
    this.worker.on('failed', (job, error) => logger.error({ err: error, jobId: job?.id }, 'task job failed'));
    logger.info({ queue: queue.name, prefix: queue.prefix, concurrency: options.concurrency }, 'pulling tasks');
  }

  get queueName(): string {
    return this.options.queue.name;
  }

  /** Stops taking new tasks while the control channel is down (tasks cannot be claimed). */
  async pause(): Promise<void> {
    if (!this.stopping && !this.worker.isPaused()) await this.worker.pause(true);
  }

  async resume(): Promise<void> {
    if (!this.stopping && this.worker.isPaused()) await this.worker.resume();
  }

  /**
   * Graceful stop: take no new task, give running ones `graceMs` to finish, then abort the
   * rest, which go back to the queue without a result (BullMQ `moveToWait`), then close.
   */
  stop(graceMs: number): Promise<void> {
    this.stopping ??= this.shutdown(graceMs);
    return this.stopping;
  }

  private async shutdown(graceMs: number): Promise<void> {
    const { logger, runner } = this.options;
    const closing = this.worker.close();
    if (!(await settlesWithin(closing, graceMs))) {
      const aborted = runner.abortAll('shutdown');
      logger.warn({ aborted, graceMs }, 'grace period over: running tasks aborted and handed back');
      if (!(await settlesWithin(closing, HAND_BACK_TIMEOUT_MS))) {
        logger.error('tasks did not stop after abort; closing without waiting for them');
        await this.worker.close(true);
      }
    }
    await this.results.close();
    await this.connection.quit().catch(() => this.connection.disconnect());
  }

  private async process(job: Job, token: string | undefined): Promise<void> {
    const disposition = await this.options.runner.process(job.id ?? '', job.data);
    if (disposition.kind === 'complete') return;
    // Both errors tell BullMQ that the job was moved back, not that it failed.
    if (disposition.delayMs > 0) {
      await job.moveToDelayed(Date.now() + disposition.delayMs, token);
      throw new DelayedError(disposition.reason);
    }
    await job.moveToWait(token);
    throw new WaitingError(disposition.reason);
  }

  /** Adds a result under the task's job id: a re-delivered task adds one result job, not two. */
  async addResult(result: NodeResult, jobId: string): Promise<void> {
    await this.results.add(result.status, result, { jobId, removeOnComplete: true, removeOnFail: RESULT_JOBS_KEPT_ON_FAIL });
  }
}

async function settlesWithin(promise: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([promise.then(() => true as const), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
