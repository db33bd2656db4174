import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, Worker, type Job, type RepeatOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { closeQueueParts } from '../cluster/queue-parts.shutdown';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { SCHEDULE_FAILED_FIRE_JOBS_KEPT, SCHEDULE_FIRE_ATTEMPTS, SCHEDULE_FIRE_RETRY_DELAY_MS } from '../config/defaults';
import { LOGGER, type Logger } from '../logging/logger';
import { nextFireAfter } from './fire-times';
import { ScheduleFires } from './schedule-fires.service';
import { timingFromPattern, timingPattern, type ScheduleTiming } from './schedule-timing';

/** The BullMQ queue of schedule fires, under the installation's prefix. */
export const SCHEDULES_QUEUE = 'schedules';
const FIRE_JOB_NAME = 'fire';

/**
 * BullMQ's repeat strategy for our patterns: the next fire after `millis` by our own rules
 * (fire-times.ts), so BullMQ fires exactly what `nextFires` shows. `millis` is the later of now
 * and the fire just handled, so fires missed while no worker ran are not produced one by one:
 * one late job stands for them (the misfire).
 */
export function scheduleRepeatStrategy(millis: number, opts: RepeatOptions): number | undefined {
  const timing = opts.pattern === undefined ? null : timingFromPattern(opts.pattern);
  return timing === null ? undefined : (nextFireAfter(timing, millis) ?? undefined);
}

/** The fire time of a job the scheduler made: its id is `repeat:<schedule id>:<fire time ms>`. */
export function fireTimeOf(job: Pick<Job, 'id'>): number | null {
  const millis = Number(job.id?.split(':').pop());
  return Number.isSafeInteger(millis) ? millis : null;
}

/**
 * One BullMQ job scheduler per active schedule (id = schedule id): Redis holds the next fire as
 * a delayed job, and the worker of every coordinator competes for it, so each fire is handled
 * by one coordinator and nothing polls. Taking a fire job schedules the next one. A coordinator
 * that was down finds its late job waiting (a misfire), and a fire handled twice (a job that
 * stalled) is recorded once by its key in Postgres (schedule-fires.service.ts).
 */
@Injectable()
export class ScheduleScheduler implements OnApplicationShutdown {
  private readonly connection: Redis;
  private readonly queue: Queue;
  private worker: Worker | undefined;

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(ScheduleFires) private readonly fires: ScheduleFires,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.connection = new Redis(config.redis.url, { maxRetriesPerRequest: null });
    this.connection.on('error', (error: Error) => logger.warn({ err: error }, 'Redis connection of the schedules failed; reconnecting'));
    this.queue = new Queue(SCHEDULES_QUEUE, { connection: this.connection, prefix: config.redis.queuePrefix, settings: { repeatStrategy: scheduleRepeatStrategy } });
    this.queue.on('error', (error: Error) => logger.warn({ err: error }, 'schedules queue error'));
  }

  /** Starts handling fires (after the schedulers were brought in line with Postgres). */
  startFiring(): void {
    if (this.worker) return;
    this.worker = new Worker(SCHEDULES_QUEUE, (job) => this.handle(job), {
      connection: this.connection,
      prefix: this.config.redis.queuePrefix,
      concurrency: this.config.schedules.fireConcurrency,
      settings: { repeatStrategy: scheduleRepeatStrategy },
    });
    this.worker.on('error', (error: Error) => this.logger.warn({ err: error }, 'schedules worker error'));
    this.worker.on('failed', (job, error) => this.logger.error({ err: error, jobId: job?.id }, 'handling a schedule fire failed'));
  }

  /** The schedule fires by `timing` from now on (created, changed, resumed). */
  async schedule(scheduleId: string, timing: ScheduleTiming): Promise<void> {
    await this.queue.upsertJobScheduler(
      scheduleId,
      { pattern: timingPattern(timing) },
      {
        name: FIRE_JOB_NAME,
        data: { scheduleId },
        opts: {
          attempts: SCHEDULE_FIRE_ATTEMPTS,
          backoff: { type: 'exponential', delay: SCHEDULE_FIRE_RETRY_DELAY_MS },
          removeOnComplete: true,
          removeOnFail: SCHEDULE_FAILED_FIRE_JOBS_KEPT,
        },
      },
    );
  }

  /** The schedule no longer fires (paused, deleted); its next delayed fire goes with it. */
  async unschedule(scheduleId: string): Promise<void> {
    await this.queue.removeJobScheduler(scheduleId);
  }

  /** Schedule id -> the pattern its scheduler in Redis fires by. */
  async scheduled(): Promise<Map<string, string>> {
    const schedulers = await this.queue.getJobSchedulers();
    return new Map(schedulers.map((scheduler) => [scheduler.key, scheduler.pattern ?? '']));
  }

  async onApplicationShutdown(): Promise<void> {
    const { worker, queue, connection } = this;
    if (!(await closeQueueParts({ worker, queue, connection }, this.config.shutdownGraceMs))) {
      this.logger.warn({ graceMs: this.config.shutdownGraceMs }, 'the schedules worker did not close within the shutdown grace; closed by force');
    }
  }

  private async handle(job: Job): Promise<void> {
    const scheduleId = (job.data as { scheduleId?: unknown }).scheduleId;
    const fireAt = fireTimeOf(job);
    if (typeof scheduleId !== 'string' || fireAt === null) {
      this.logger.warn({ jobId: job.id }, 'a schedules job that is no fire; dropped');
      return;
    }
    await this.fires.fire(scheduleId, fireAt);
  }
}
