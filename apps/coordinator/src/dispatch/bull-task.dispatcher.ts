import { Inject, Injectable, Optional, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Queue, type JobState } from 'bullmq';
import type { Redis } from 'ioredis';
import { agentQueueName, NodeTaskSchema, RUN_PRIORITY_DEFAULT, RUN_PRIORITY_MAX, taskJobId, type NodeTask } from '@runtime-hub/protocol';
import { AgentLoadTracker } from '../agents/agent-load.tracker';
import { TaskWakeups } from '../agents/task-wakeups';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { LOGGER, type Logger } from '../logging/logger';
import { MetricsService, type QueueDepth } from '../metrics/metrics.service';
import { clusterKeys } from '../cluster/cluster-redis';
import { TASKS_PER_QUEUE_ADD } from '../config/defaults';
import { DISPATCH_REDIS } from './dispatch-redis';
import type { TaskDispatch, TaskDispatcher, TaskKey } from './dispatch.ports';

/** Job states in which a task is still in its queue: not started yet, or running. */
const PRESENT_STATES: ReadonlySet<JobState | 'unknown'> = new Set(['waiting', 'prioritized', 'delayed', 'active', 'waiting-children']);

/** Job states in which a task can still be taken back: its agent has not picked it up. */
const NOT_STARTED_STATES: ReadonlySet<JobState | 'unknown'> = new Set(['waiting', 'prioritized', 'delayed', 'waiting-children']);

/** Job states that count as queue depth: added and not yet picked up by the agent. */
const WAITING_STATES = ['waiting', 'prioritized', 'delayed'] as const;

/**
 * TASK_DISPATCHER on BullMQ: one queue per agent (`agentQueueName(agentId)`), created on first
 * use and kept, all on one Redis connection under the installation's prefix. Adding a job
 * wakes the agent's delivery (agents/task-wakeups.ts, heard by agents/task-delivery.service.ts),
 * which hands it over the agent's connection; a delayed job (a retry's backoff) wakes it when it is due.
 *
 * Each task is one job with id `taskJobId(runId, nodeId, agentId, attempt)` (`.`-separated:
 * BullMQ refuses `:` in custom ids). Adding a job whose id is already in the queue is
 * ignored by BullMQ, so dispatching a task twice leaves one job. Jobs run once (`attempts:
 * 1`): a retry is a new attempt decided by the run engine, with its own job id, so a late
 * result of the old attempt is fenced off by its attempt number.
 *
 * Every job carries a BullMQ priority made from its run's (`jobPriority`): an agent's mailbox
 * takes the most urgent task first, and tasks of one priority in the order they were added.
 * No job goes without one: BullMQ hands out jobs without a priority before all prioritized ones.
 */
@Injectable()
export class BullTaskDispatcher implements TaskDispatcher, OnModuleInit, OnApplicationShutdown {
  private readonly queues = new Map<string, Queue>();
  /**
   * Jobs of lost agents still to be removed: a Redis hash (job id -> task) under the queue
   * prefix, so the replica holding the reconciler's lease removes what another replica's
   * agent-loss path abandoned, and a restart forgets nothing.
   */
  private readonly abandonedKey: string;
  private unregisterCollector: (() => void) | undefined;

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(DISPATCH_REDIS) private readonly connection: Redis,
    @Inject(AgentLoadTracker) private readonly load: AgentLoadTracker,
    @Inject(TaskWakeups) private readonly wakeups: TaskWakeups,
    @Optional() @Inject(MetricsService) private readonly metrics?: MetricsService,
  ) {
    this.abandonedKey = clusterKeys(config.redis.queuePrefix).abandoned;
  }

  onModuleInit(): void {
    this.unregisterCollector = this.metrics?.registerQueueDepthCollector(() => this.queueDepths());
  }

  async dispatch(task: NodeTask, options: { delayMs?: number } = {}): Promise<void> {
    const job = this.jobOf({ task, delayMs: options.delayMs ?? 0 });
    await this.queueFor(job.data.agentId).add(job.name, job.data, job.opts);
    this.added(job.data, job.opts.jobId, job.opts.delay ?? 0);
  }

  /**
   * Each agent's tasks by `addBulk`, TASKS_PER_QUEUE_ADD at a time: BullMQ sends a bulk's
   * commands as one pipeline, so a fan-out's thousand tasks are ten round trips, not a thousand
   * awaited one by one, and no bulk holds the event loop long (not atomic: a task that failed
   * to be added is answered, and the reconciler adds it again).
   */
  async dispatchMany(dispatches: readonly TaskDispatch[]): Promise<Array<{ dispatch: TaskDispatch; error: unknown }>> {
    const failed: Array<{ dispatch: TaskDispatch; error: unknown }> = [];
    const byAgent = new Map<string, TaskDispatch[]>();
    for (const dispatch of dispatches) {
      const ofAgent = byAgent.get(dispatch.task.agentId) ?? [];
      ofAgent.push(dispatch);
      byAgent.set(dispatch.task.agentId, ofAgent);
    }
    await Promise.all(
      [...byAgent].map(async ([agentId, ofAgent]) => {
        for (let start = 0; start < ofAgent.length; start += TASKS_PER_QUEUE_ADD) failed.push(...(await this.addBulk(agentId, ofAgent.slice(start, start + TASKS_PER_QUEUE_ADD))));
      }),
    );
    return failed;
  }

  /** One `addBulk` of one agent's tasks; answers those that could not be added. */
  private async addBulk(agentId: string, dispatches: readonly TaskDispatch[]): Promise<Array<{ dispatch: TaskDispatch; error: unknown }>> {
    const failed: Array<{ dispatch: TaskDispatch; error: unknown }> = [];
    const jobs: Array<{ dispatch: TaskDispatch; job: ReturnType<BullTaskDispatcher['jobOf']> }> = [];
    for (const dispatch of dispatches) {
      try {
        jobs.push({ dispatch, job: this.jobOf(dispatch) });
      } catch (error) {
        failed.push({ dispatch, error });
      }
    }
    if (jobs.length === 0) return failed;
    try {
      await this.queueFor(agentId).addBulk(jobs.map(({ job }) => job));
      for (const { job } of jobs) this.added(job.data, job.opts.jobId, job.opts.delay ?? 0);
    } catch (error) {
      for (const { dispatch } of jobs) failed.push({ dispatch, error });
    }
    return failed;
  }

  /** The job of a task: checked, with its id, priority and backoff. */
  private jobOf({ task, delayMs }: TaskDispatch) {
    const checked = NodeTaskSchema.parse(task);
    return {
      name: checked.nodeType,
      data: checked,
      opts: {
        jobId: taskJobId(checked.runId, checked.nodeId, checked.agentId, checked.attempt),
        priority: jobPriority(checked.priority ?? RUN_PRIORITY_DEFAULT),
        ...(delayMs > 0 ? { delay: delayMs } : {}),
        attempts: 1,
        removeOnComplete: true,
        removeOnFail: this.config.redis.failedJobsKept,
      },
    };
  }

  /** A job is in its agent's queue: counted, and the agent's delivery woken (when it is due). */
  private added(task: NodeTask, jobId: string, delayMs: number): void {
    this.load.dispatched(task.agentId, jobId);
    this.wakeups.wake(task.agentId, delayMs);
  }

  async remove(task: TaskKey): Promise<boolean> {
    const jobId = taskJobId(task.runId, task.nodeId, task.agentId, task.attempt);
    const queue = this.queueFor(task.agentId);
    // BullMQ's remove answers 1 for a job that is not there at all, so look first; it answers
    // 0 for an active job (locked by the agent running it), also when it started meanwhile.
    if (!NOT_STARTED_STATES.has(await queue.getJobState(jobId))) return false;
    const removed = (await queue.remove(jobId)) === 1;
    if (removed) this.load.removed(task.agentId, jobId);
    return removed;
  }

  async exists(task: TaskKey): Promise<boolean> {
    const state = await this.queueFor(task.agentId).getJobState(taskJobId(task.runId, task.nodeId, task.agentId, task.attempt));
    return PRESENT_STATES.has(state);
  }

  abandon(task: TaskKey): void {
    const jobId = taskJobId(task.runId, task.nodeId, task.agentId, task.attempt);
    this.connection
      .hset(this.abandonedKey, jobId, JSON.stringify({ runId: task.runId, nodeId: task.nodeId, agentId: task.agentId, attempt: task.attempt }))
      .catch((error: unknown) => this.logger.warn({ err: error, jobId }, 'could not remember an abandoned job; it is refused as superseded if it is ever delivered'));
  }

  async sweepAbandoned(): Promise<number> {
    let removed = 0;
    const entries = Object.entries(await this.connection.hgetall(this.abandonedKey));
    for (const [jobId, raw] of entries) {
      const task = JSON.parse(raw) as TaskKey;
      const queue = this.queueFor(task.agentId);
      if (!PRESENT_STATES.has(await queue.getJobState(jobId))) {
        await this.connection.hdel(this.abandonedKey, jobId);
        continue;
      }
      // 0 while the job is still locked: its agent may yet be renewing the lock.
      if ((await queue.remove(jobId)) === 1) {
        await this.connection.hdel(this.abandonedKey, jobId);
        removed += 1;
      }
    }
    return removed;
  }

  async onApplicationShutdown(): Promise<void> {
    this.unregisterCollector?.();
    await Promise.allSettled([...this.queues.values()].map((queue) => queue.close()));
    this.queues.clear();
    // A queue given a connection leaves it open; it is ours to close.
    await this.connection.quit().catch(() => this.connection.disconnect());
  }

  private queueFor(agentId: string): Queue {
    const name = agentQueueName(agentId);
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: this.connection, prefix: this.config.redis.queuePrefix });
      queue.on('error', (error: Error) => this.logger.warn({ err: error, queue: name }, 'agent queue error'));
      this.queues.set(name, queue);
    }
    return queue;
  }

  private async queueDepths(): Promise<QueueDepth[]> {
    return Promise.all(
      [...this.queues.entries()].map(async ([name, queue]) => {
        const counts = await queue.getJobCounts(...WAITING_STATES);
        return { queue: name, depth: WAITING_STATES.reduce((sum, state) => sum + (counts[state] ?? 0), 0) };
      }),
    );
  }
}

/** BullMQ takes priority 1 first; a run's priority is highest first (RUN_PRIORITY_MAX). */
export function jobPriority(runPriority: number): number {
  return RUN_PRIORITY_MAX + 1 - runPriority;
}
