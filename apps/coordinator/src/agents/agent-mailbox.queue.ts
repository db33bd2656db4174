import { randomUUID } from 'node:crypto';
import { createRedisBackend, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { agentQueueName, type NodeTask } from '@runtime-hub/protocol';
import type { Logger } from '../logging/logger';
import type { MailboxQueue, TakenTask } from './agent-mailbox';

export interface MailboxQueueOptions {
  readonly agentId: string;
  /** The coordinator's queue connection, shared by every agent's mailbox. */
  readonly connection: Redis;
  readonly prefix: string;
  /** BullMQ's lock on a job being delivered, and how often expired ones are put back. */
  readonly lockDurationMs: number;
  readonly stalledIntervalMs: number;
  readonly logger: Logger;
}

interface HeldJob extends TakenTask {
  readonly job: Job<NodeTask>;
  readonly token: string;
}

/**
 * An agent's BullMQ queue as its mailbox reads it: BullMQ's manual fetching (a Worker with
 * no processor, `getNextJob` without blocking) on the one connection every mailbox shares.
 *
 * A BullMQ Worker normally opens a blocking connection of its own to wait for jobs; a
 * thousand connected agents would then hold a thousand Redis connections. The mailbox never
 * blocks (it is woken when a task may be due), so its Worker is built on a backend without a
 * blocking connection (`createRedisBackend` with `blocking: false`). Each job taken is locked
 * under a token of its own, and the stalled check BullMQ runs for manual fetching puts a job
 * back in the queue when the coordinator that took it died before settling it.
 */
export class BullMailboxQueue implements MailboxQueue {
  private readonly worker: Worker<NodeTask>;
  private readonly tokenPrefix = randomUUID();
  private taken = 0;

  constructor(private readonly options: MailboxQueueOptions) {
    const sharedConnectionBackend = (name: string, backendOptions: Parameters<typeof createRedisBackend>[1]) =>
      createRedisBackend(name, backendOptions, { blocking: false, withBlockingConnection: false });
    this.worker = new Worker<NodeTask>(
      agentQueueName(options.agentId),
      null,
      {
        connection: options.connection,
        prefix: options.prefix,
        autorun: false,
        lockDuration: options.lockDurationMs,
        stalledInterval: options.stalledIntervalMs,
      },
      sharedConnectionBackend,
    );
    this.worker.on('error', (error: Error) => options.logger.warn({ err: error, agentId: options.agentId }, 'agent mailbox queue error'));
    void this.worker.startStalledCheckTimer().catch((error: unknown) => options.logger.warn({ err: error, agentId: options.agentId }, 'stalled check of an agent queue failed'));
  }

  async take(): Promise<TakenTask | undefined> {
    this.taken += 1;
    const token = `${this.tokenPrefix}:${this.taken}`;
    const job = (await this.worker.getNextJob(token, { block: false })) as Job<NodeTask> | undefined;
    if (!job) return undefined;
    const held: HeldJob = { task: job.data, jobId: job.id ?? '', job, token };
    return held;
  }

  async complete(taken: TakenTask): Promise<void> {
    const { job, token } = taken as HeldJob;
    await job.moveToCompleted(null, token, false);
  }

  async release(taken: TakenTask, delayMs: number): Promise<void> {
    const { job, token } = taken as HeldJob;
    await job.moveToDelayed(Date.now() + delayMs, token);
  }

  async close(): Promise<void> {
    await this.worker.close(true);
  }
}
