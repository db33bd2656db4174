import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit, type Provider } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AckSchema, taskJobId, type NodeTask, type RunError, type TaskRef } from '@runtime-hub/protocol';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { ReplicaBus } from '../cluster/replica-bus';
import { LOGGER, type Logger } from '../logging/logger';
import { AgentLifecycle } from './agent-lifecycle.events';
import { AgentLoadTracker } from './agent-load.tracker';
import { AgentMailbox, type AssignOutcome } from './agent-mailbox';
import { BullMailboxQueue } from './agent-mailbox.queue';
import { AgentRegistry } from './agent-registry';
import { TaskWakeups } from './task-wakeups';
import { AGENT_TASK_ENGINE, type AgentTaskEngine } from './agent-task.ports';
import { DeliveredSecrets } from '../secrets/delivered-secrets';
import { SecretsService } from '../secrets/secrets.service';
import { withSecrets } from '../secrets/task-secrets';

/** Injection token of the Redis connection every agent mailbox shares. */
export const DELIVERY_REDIS = Symbol('DELIVERY_REDIS');

/**
 * One ioredis connection for the mailboxes of every agent connected here, whatever their
 * number (the mailboxes never block on it). `maxRetriesPerRequest: null`: while Redis is away,
 * deliveries wait for the reconnect instead of failing.
 */
export const deliveryRedisProvider: Provider = {
  provide: DELIVERY_REDIS,
  inject: [COORDINATOR_CONFIG, LOGGER],
  useFactory: (config: CoordinatorConfig, logger: Logger): Redis => {
    const connection = new Redis(config.redis.url, { maxRetriesPerRequest: null });
    connection.on('error', (error: Error) => logger.warn({ err: error }, 'Redis connection of the task delivery failed; reconnecting'));
    return connection;
  },
};

/**
 * Task delivery (README "Task delivery"): the only way a task reaches an agent. Tasks wait in
 * each agent's BullMQ queue (dispatch); for every agent connected to this coordinator a
 * mailbox (agent-mailbox.ts) takes them from there and hands them over its authenticated
 * connection as `task:assign`, as far as the agent has free slots. Agents hold no queue or
 * database credential: a task's payload goes to its own agent only.
 *
 *   agent online:  its mailbox opens (or is reset on a new connection) with the slots and held
 *                  tasks it registered with; the run engine first fails what it believes the
 *                  agent ran before and the agent no longer holds; then the mailbox pumps
 *   dispatch:      announces the task to the agent's mailbox (at once, or when a retry's
 *                  backoff ends); the mailbox takes as many tasks as were announced, without
 *                  asking the queue once more for nothing
 *   send:          a task whose config names secrets gets their values here, on the way to
 *                  its agent's connection, never before (task-secrets.ts); a secret refused
 *                  to this agent fails the node (SECRET_UNAVAILABLE) without sending anything
 *   accepted:      the engine marks the task running (the claim); refused there (cancelled
 *                  run, superseded attempt): the agent is told to stop it
 *   result:        arrived at the gateway: the slot is free again (the agent keeps the
 *                  result until it is recorded), then the gateway records it
 *   agent lost:    its mailbox closes; what it was handed back goes to its queue, where the
 *                  engine's agent-loss path finds it
 *   every sweep:   each mailbox with a free slot looks at its queue again (tasks queued while
 *                  nobody listened: another coordinator, a restart)
 */
@Injectable()
export class TaskDelivery implements OnModuleInit, OnApplicationShutdown {
  private readonly mailboxes = new Map<string, AgentMailbox>();
  private readonly unsubscribe: Array<() => void> = [];
  private sweepTimer: NodeJS.Timeout | undefined;
  private stopping = false;

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(AgentRegistry) private readonly registry: AgentRegistry,
    @Inject(AgentLifecycle) private readonly lifecycle: AgentLifecycle,
    @Inject(AGENT_TASK_ENGINE) private readonly engine: AgentTaskEngine,
    @Inject(TaskWakeups) private readonly wakeups: TaskWakeups,
    @Inject(AgentLoadTracker) private readonly load: AgentLoadTracker,
    @Inject(DELIVERY_REDIS) private readonly connection: Redis,
    @Inject(SecretsService) private readonly secrets: SecretsService,
    @Inject(DeliveredSecrets) private readonly delivered: DeliveredSecrets,
    @Inject(ReplicaBus) private readonly bus: ReplicaBus,
  ) {}

  onModuleInit(): void {
    this.unsubscribe.push(
      this.lifecycle.onAgentOnline((agentId) => this.open(agentId)),
      this.lifecycle.onAgentLost((agentId) => this.close(agentId)),
      this.lifecycle.onAgentMoved((agentId) => this.close(agentId)),
      this.wakeups.onWake((agentId, delayMs) => this.wake(agentId, delayMs)),
      this.bus.subscribe((message) => {
        if (message.type === 'wake') this.wakeHere(message.agentId, message.delayMs);
      }),
    );
    this.sweepTimer = setInterval(() => this.sweep(), this.config.delivery.sweepIntervalMs);
    this.sweepTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const unsubscribe of this.unsubscribe.splice(0)) unsubscribe();
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    const mailboxes = [...this.mailboxes.values()];
    this.mailboxes.clear();
    await Promise.allSettled(mailboxes.map((mailbox) => mailbox.close({ waitForDeliveries: false })));
    await this.connection.quit().catch(() => this.connection.disconnect());
  }

  /**
   * A task may be due in this agent's queue now, or after `delayMs` (a retry's backoff). An
   * agent connected to another replica is woken there; without that, it would find the task
   * at that replica's next sweep.
   */
  private wake(agentId: string, delayMs = 0): void {
    if (!this.mailboxes.has(agentId) && !this.registry.get(agentId)) {
      this.bus.publish({ type: 'wake', agentId, delayMs });
      return;
    }
    this.wakeHere(agentId, delayMs);
  }

  /** Each wake stands for one task added to the agent's queue: its mailbox looks for that one (announce). */
  private wakeHere(agentId: string, delayMs: number): void {
    if (delayMs <= 0) {
      this.mailboxes.get(agentId)?.announce();
      return;
    }
    setTimeout(() => this.mailboxes.get(agentId)?.announce(), delayMs).unref();
  }

  /** The agent's result for this attempt arrived or was refused for good: its slot is free. */
  finished(agentId: string, ref: TaskRef): void {
    this.delivered.forget({ agentId, ...ref });
    this.mailboxes.get(agentId)?.finished(ref);
  }

  /**
   * Whether this coordinator delivered this attempt to this agent and has not seen it finish:
   * then it is the agent's task (its job was in the agent's own queue) without asking the database.
   */
  delivers(agentId: string, ref: TaskRef): boolean {
    return this.mailboxes.get(agentId)?.delivers(ref) ?? false;
  }

  /** How many tasks this agent holds as far as the delivery knows. */
  holding(agentId: string): number {
    return this.mailboxes.get(agentId)?.holding ?? 0;
  }

  private async open(agentId: string): Promise<void> {
    const agent = this.registry.get(agentId);
    if (!agent || this.stopping) return;
    const since = new Date();
    const held = agent.registration.tasks ?? [];
    let mailbox = this.mailboxes.get(agentId);
    if (!mailbox) {
      mailbox = new AgentMailbox(agentId, agent.registration.concurrency, {
        queue: new BullMailboxQueue({
          agentId,
          connection: this.connection,
          prefix: this.config.redis.queuePrefix,
          lockDurationMs: this.config.delivery.lockDurationMs,
          stalledIntervalMs: this.config.delivery.stalledIntervalMs,
          logger: this.logger,
        }),
        connected: () => this.registry.get(agentId)?.socket != null,
        send: (task) => this.send(agentId, task),
        accepted: (task) => this.accepted(agentId, task),
        failed: (task, error) => this.failed(agentId, task, error),
        retryDelayMs: this.config.delivery.assignRetryDelayMs,
        logger: this.logger,
      });
      this.mailboxes.set(agentId, mailbox);
    }
    mailbox.reset(agent.registration.concurrency, held);
    // Before anything is delivered on this connection: what the agent ran before and no
    // longer holds was lost with its previous process.
    await this.engine.agentReturned(agentId, held, since).catch((error: unknown) =>
      this.logger.error({ err: error, agentId }, 'could not settle the tasks a returning agent no longer holds; the deadline watchdog will'),
    );
    mailbox.wake();
  }

  private async close(agentId: string): Promise<void> {
    const mailbox = this.mailboxes.get(agentId);
    if (!mailbox) return;
    this.mailboxes.delete(agentId);
    await mailbox.close({ waitForDeliveries: true });
    this.delivered.forgetAgent(agentId);
  }

  private sweep(): void {
    for (const mailbox of this.mailboxes.values()) if (mailbox.hasFreeSlot) mailbox.wake();
  }

  private async send(agentId: string, queued: NodeTask): Promise<AssignOutcome> {
    const agent = this.registry.get(agentId);
    const socket = agent?.socket;
    if (!agent || !socket) return { kind: 'unreachable', reason: 'the agent is not connected' };
    const prepared = await withSecrets(queued, agent.labels, this.secrets);
    if (!prepared.ok) return { kind: 'failed', error: prepared.error };
    const task = prepared.task;
    if (task.masks) this.delivered.remember({ agentId, runId: task.runId, nodeId: task.nodeId, attempt: task.attempt }, task.masks);
    try {
      const answer: unknown = await socket.timeout(this.config.delivery.assignAckTimeoutMs).emitWithAck('task:assign', task);
      const ack = AckSchema.safeParse(answer);
      if (!ack.success) return { kind: 'refused', reason: `unexpected task:assign answer: ${JSON.stringify(answer)}` };
      return ack.data.ok ? { kind: 'accepted' } : { kind: 'refused', reason: ack.data.error.message };
    } catch (error) {
      return { kind: 'unreachable', reason: `task:assign not acknowledged: ${(error as Error).message}` };
    }
  }

  /** Recorded as the node's failure, as if its agent had reported it; its slot is free again. */
  private async failed(agentId: string, task: NodeTask, error: RunError): Promise<void> {
    const at = new Date().toISOString();
    const ref = { runId: task.runId, nodeId: task.nodeId, attempt: task.attempt };
    await this.engine.record({ status: 'failed', ...ref, agentId, startedAt: at, finishedAt: at, error });
  }

  /** The claim: the engine marks the task running; refused, the agent is told to stop it. */
  private async accepted(agentId: string, task: NodeTask): Promise<void> {
    const ref = { runId: task.runId, nodeId: task.nodeId, attempt: task.attempt };
    const outcome = await this.engine.claim({ ...ref, agentId });
    this.load.claimed(agentId, taskJobId(task.runId, task.nodeId, agentId, task.attempt), outcome.ok);
    if (outcome.ok) return;
    this.logger.info({ agentId, ...ref, reason: outcome.reason }, 'an accepted task is not wanted any more; the agent is told to stop it');
    this.registry.get(agentId)?.socket?.emit('task:cancel', ref);
  }
}
