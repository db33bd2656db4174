import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DelayedError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { AckSchema, agentQueueName, type NodeTask } from '@runtime-hub/protocol';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { LOGGER, type Logger } from '../logging/logger';
import { AgentLifecycle } from './agent-lifecycle.events';
import { AgentRegistry } from './agent-registry';

/** How long a Python agent has to acknowledge `task:assign` before the task is offered again. */
export const TASK_ASSIGN_ACK_TIMEOUT_MS = 10_000;
/** How long an undelivered task waits in its queue before it is offered again. */
export const TASK_ASSIGN_RETRY_DELAY_MS = 2_000;

/**
 * Python agents speak Socket.IO only, but their tasks are dispatched like every other task:
 * one BullMQ job in the agent's own queue (durable, deduplicated by job id, removable,
 * visible to the reconciler). While a Python agent is online, this relay pulls its queue and
 * hands each task over as `task:assign`; the job completes once the agent acknowledges it.
 * An agent that does not acknowledge (or is disconnected) gets the task offered again after
 * a delay; a lost agent's queue is left to the run engine, which moves its tasks.
 *
 * As for worker agents, the agent claims the task (`task:claim`) before it executes it, so
 * a task offered twice (a coordinator restart between the ack and the claim) runs once.
 */
@Injectable()
export class PythonTaskRelay implements OnModuleInit, OnModuleDestroy {
  private readonly relays = new Map<string, { worker: Worker; connection: Redis }>();
  private readonly unsubscribe: Array<() => void> = [];

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(AgentRegistry) private readonly registry: AgentRegistry,
    @Inject(AgentLifecycle) private readonly lifecycle: AgentLifecycle,
  ) {}

  onModuleInit(): void {
    this.unsubscribe.push(
      this.lifecycle.onAgentOnline((agentId) => this.start(agentId)),
      this.lifecycle.onAgentLost((agentId) => this.stop(agentId)),
    );
  }

  async onModuleDestroy(): Promise<void> {
    for (const unsubscribe of this.unsubscribe) unsubscribe();
    await Promise.allSettled([...this.relays.keys()].map((agentId) => this.stop(agentId)));
  }

  private start(agentId: string): void {
    const agent = this.registry.get(agentId);
    if (!agent || agent.kind !== 'python' || this.relays.has(agentId)) return;
    // A worker blocks on its connection while it waits for jobs: one connection per relay.
    const connection = new Redis(this.config.redis.url, { maxRetriesPerRequest: null });
    connection.on('error', (error: Error) => this.logger.warn({ err: error, agentId }, 'Redis connection of a Python task relay failed; reconnecting'));
    const worker = new Worker<NodeTask>(agentQueueName(agentId), (job, token) => this.deliver(agentId, job, token), {
      connection,
      prefix: this.config.redis.queuePrefix,
      concurrency: agent.registration.concurrency,
    });
    worker.on('error', (error: Error) => this.logger.warn({ err: error, agentId }, 'Python task relay error'));
    this.relays.set(agentId, { worker, connection });
  }

  private async stop(agentId: string): Promise<void> {
    const relay = this.relays.get(agentId);
    if (!relay) return;
    this.relays.delete(agentId);
    await relay.worker.close();
    await relay.connection.quit().catch(() => relay.connection.disconnect());
  }

  private async deliver(agentId: string, job: Job<NodeTask>, token: string | undefined): Promise<void> {
    const socket = this.registry.get(agentId)?.socket;
    if (socket) {
      try {
        const ack = AckSchema.safeParse(await socket.timeout(TASK_ASSIGN_ACK_TIMEOUT_MS).emitWithAck('task:assign', job.data));
        if (ack.success && ack.data.ok) return;
        this.logger.warn({ agentId, jobId: job.id, ack: ack.success ? ack.data : 'malformed' }, 'Python agent did not accept a task; offering it again later');
      } catch (error) {
        this.logger.warn({ err: error, agentId, jobId: job.id }, 'Python agent did not acknowledge a task; offering it again later');
      }
    }
    await job.moveToDelayed(Date.now() + TASK_ASSIGN_RETRY_DELAY_MS, token);
    throw new DelayedError();
  }
}
