import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { NewNotificationDeliveryRow, NotificationRuleRow } from '@runtime-hub/db';
import {
  TERMINAL_RUN_STATUSES,
  type BatchRecord,
  type CreateNotificationRuleRequest,
  type NotificationDeliveryQuery,
  type NotificationDeliveryRecord,
  type NotificationEvent,
  type NotificationPayload,
  type NotificationRuleCreated,
  type NotificationRuleRecord,
  type NotificationScope,
  type RunSummary,
} from '@runtime-hub/protocol';
import { InvalidatedCache } from '../cluster/invalidated-cache';
import { Leases } from '../cluster/leases.service';
import { ReplicaCaches } from '../cluster/replica-caches';
import { closeQueueParts } from '../cluster/queue-parts.shutdown';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { NOTIFY_DELIVERIES_PAGE_SIZE, NOTIFY_REQUEUE_BATCH, NOTIFY_REQUEUE_INTERVAL_MS } from '../config/defaults';
import { LiveEvents } from '../live/live.events';
import { LOGGER, type Logger } from '../logging/logger';
import { ApiError } from '../openapi/api-error';
import { DatabaseService } from '../persistence/database.service';
import { batchEvent, batchPayload, mailOf, runEvent, runPayload, subjectName, toDeliveryRecord, toRuleRecord } from './notification.messages';
import { NotificationSenders } from './notification-senders';
import { NotificationsRepository } from './notifications.repository';

/** The BullMQ queue of notification deliveries, under the installation's prefix. */
export const NOTIFICATIONS_QUEUE = 'notifications';
/** Bytes of randomness in a webhook rule's signing secret. */
const SECRET_BYTES = 32;


/**
 * Notifications — README "Notifications, step by step":
 *
 * 1. A top-level run ended failed or succeeded on this coordinator (its `run:updated`), or a
 *    batch finished: the rules watching its workflow, its schedule or the batch are read (kept
 *    per workflow or schedule by the replicas' caches, which a rule created or deleted on any
 *    replica empties: a run's end costs no read while its rules stay as they are).
 * 2. One delivery per rule is written with the message it will send (a unique key per rule and
 *    subject, so an end seen twice notifies once) and queued as a BullMQ job.
 * 3. The notification worker sends it (signed webhook, or email), at most
 *    RH_NOTIFY_CONCURRENCY at once, each try bounded by RH_NOTIFY_TIMEOUT_MS; a failed try is
 *    retried with exponential backoff up to RH_NOTIFY_MAX_ATTEMPTS, and then the delivery is
 *    `failed`, with its last error, for `GET /api/notifications/deliveries` to show.
 *
 * Runs never wait for any of it: step 1 starts after the run's end is committed and published,
 * and the sending happens in a worker of its own.
 */
@Injectable()
export class NotificationsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly connection: Redis;
  private readonly queue: Queue;
  private worker: Worker | undefined;
  private stopListening: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** The rules watching one scope (`scope:id`); emptied by every rule created or deleted, on every replica. */
  private readonly rulesByScope: InvalidatedCache<NotificationRuleRow[]>;

  constructor(
    @Inject(COORDINATOR_CONFIG) private readonly config: CoordinatorConfig,
    @Inject(DatabaseService) private readonly database: DatabaseService,
    @Inject(NotificationsRepository) private readonly repository: NotificationsRepository,
    @Inject(NotificationSenders) private readonly senders: NotificationSenders,
    @Inject(LiveEvents) private readonly live: LiveEvents,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(Leases) private readonly leases: Leases,
    @Inject(ReplicaCaches) private readonly caches: ReplicaCaches,
  ) {
    this.rulesByScope = caches.cache('notification-rules');
    this.connection = new Redis(config.redis.url, { maxRetriesPerRequest: null });
    this.connection.on('error', (error: Error) => logger.warn({ err: error }, 'Redis connection of the notifications failed; reconnecting'));
    this.queue = new Queue(NOTIFICATIONS_QUEUE, { connection: this.connection, prefix: config.redis.queuePrefix });
    this.queue.on('error', (error: Error) => logger.warn({ err: error }, 'notifications queue error'));
  }

  onApplicationBootstrap(): void {
    this.stopListening = this.live.onRunUpdated((run) => this.runUpdated(run));
    this.worker = new Worker(NOTIFICATIONS_QUEUE, (job) => this.send(job), {
      connection: this.connection,
      prefix: this.config.redis.queuePrefix,
      concurrency: this.config.notifications.concurrency,
    });
    this.worker.on('error', (error: Error) => this.logger.warn({ err: error }, 'notifications worker error'));
    // One replica requeues at a time (its lease); every replica's worker sends.
    const lease = this.leases.lease('notification-requeue');
    this.timer = setInterval(() => void (lease.admitsPass() && this.requeue()), NOTIFY_REQUEUE_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopListening?.();
    if (this.timer) clearInterval(this.timer);
    const { worker, queue, connection } = this;
    if (!(await closeQueueParts({ worker, queue, connection }, this.config.shutdownGraceMs))) {
      this.logger.warn({ graceMs: this.config.shutdownGraceMs }, 'the notifications worker did not close within the shutdown grace; closed by force');
    }
  }

  async createRule(request: CreateNotificationRuleRequest): Promise<NotificationRuleCreated> {
    const db = this.database.db;
    if (!(await this.repository.scopeExists(db, request.scope, request.scopeId))) throw ApiError.notFound(`${request.scope} "${request.scopeId}" not found`);
    if (request.emailTo !== undefined && this.config.notifications.smtpUrl === undefined) {
      throw ApiError.badRequest('body.emailTo: email notifications need an SMTP server: set RH_SMTP_URL (smtp://host:port) on the coordinator');
    }
    const secret = request.webhookUrl !== undefined ? randomBytes(SECRET_BYTES).toString('base64url') : null;
    const rule = await this.repository.insertRule(db, {
      id: randomUUID(),
      scope: request.scope,
      scopeId: request.scopeId,
      onSuccess: request.onSuccess ?? false,
      channel: request.webhookUrl !== undefined ? 'webhook' : 'email',
      target: request.webhookUrl ?? (request.emailTo ?? []).join(', '),
      secret,
    });
    this.caches.changed('notification-rules', scopeKey(rule));
    return { rule: toRuleRecord(rule), secret };
  }

  async rules(): Promise<NotificationRuleRecord[]> {
    return (await this.repository.rules(this.database.db)).map(toRuleRecord);
  }

  async deleteRule(id: string): Promise<void> {
    if (!(await this.repository.deleteRule(this.database.db, id))) throw ApiError.notFound(`notification rule "${id}" not found`);
    this.caches.changed('notification-rules', null);
  }

  async deliveries(query: NotificationDeliveryQuery): Promise<NotificationDeliveryRecord[]> {
    const rows = await this.repository.deliveries(this.database.db, { status: query.status, ruleId: query.ruleId, limit: query.limit ?? NOTIFY_DELIVERIES_PAGE_SIZE });
    return rows.map((row) => toDeliveryRecord(row.delivery, row.rule));
  }

  /** A batch finished (the batch driver): its rules are notified. Returns at once, never throws. */
  batchFinished(batch: BatchRecord): void {
    const event = batchEvent(batch);
    void this.notify([{ scope: 'batch', id: batch.id }], event, 'batch', batch.id, (rule, at) => batchPayload(batch, event, rule, at));
  }

  // 1. a run ended
  private runUpdated(run: RunSummary): void {
    if (run.parentRunId !== null || !TERMINAL_RUN_STATUSES.includes(run.status)) return;
    const event = runEvent(run);
    if (event === null) return;
    const scopes: Array<{ scope: NotificationScope; id: string }> = [{ scope: 'workflow', id: run.workflowId }];
    if (run.trigger === 'schedule' && run.triggerId !== null) scopes.push({ scope: 'schedule', id: run.triggerId });
    void this.notify(scopes, event, 'run', run.id, (rule, at) => runPayload(run, event, rule, at));
  }

  // 2. deliveries written and queued
  private async notify(
    scopes: ReadonlyArray<{ scope: NotificationScope; id: string }>,
    event: NotificationEvent,
    subjectKind: 'run' | 'batch',
    subjectId: string,
    payload: (rule: NotificationRuleRow, at: Date) => NotificationPayload,
  ): Promise<void> {
    try {
      const rules = (await this.rulesFor(scopes)).filter((rule) => event === 'failed' || rule.onSuccess);
      if (rules.length === 0) return;
      const now = new Date();
      const rows: NewNotificationDeliveryRow[] = rules.map((rule) => ({
        id: randomUUID(),
        ruleId: rule.id,
        event,
        subjectKind,
        subjectId,
        payload: payload(rule, now),
        status: 'pending',
      }));
      for (const delivery of await this.repository.insertDeliveries(this.database.db, rows)) await this.enqueue(delivery.id);
    } catch (error) {
      this.logger.error({ err: error, subjectKind, subjectId }, 'could not queue notifications; pending ones are queued again later');
    }
  }

  private async rulesFor(scopes: ReadonlyArray<{ scope: NotificationScope; id: string }>): Promise<NotificationRuleRow[]> {
    const rules: NotificationRuleRow[] = [];
    for (const scope of scopes) {
      rules.push(...(await this.rulesByScope.get(scopeKey({ scope: scope.scope, scopeId: scope.id }), () => this.repository.rulesFor(this.database.db, [scope]))));
    }
    return rules;
  }

  private async enqueue(deliveryId: string): Promise<void> {
    await this.queue.add('deliver', { deliveryId }, {
      jobId: deliveryId,
      attempts: this.config.notifications.maxAttempts,
      backoff: { type: 'exponential', delay: this.config.notifications.backoffMs },
      removeOnComplete: true,
      removeOnFail: true,
    });
  }

  private async requeue(): Promise<void> {
    try {
      const stale = await this.repository.pendingBefore(this.database.db, new Date(Date.now() - NOTIFY_REQUEUE_INTERVAL_MS), NOTIFY_REQUEUE_BATCH);
      for (const id of stale) await this.enqueue(id);
    } catch (error) {
      this.logger.warn({ err: error }, 'queuing pending notifications again failed');
    }
  }

  // 3. one try of one delivery
  private async send(job: Job): Promise<void> {
    const deliveryId = (job.data as { deliveryId?: unknown }).deliveryId;
    if (typeof deliveryId !== 'string') return;
    const db = this.database.db;
    const found = await this.repository.delivery(db, deliveryId);
    if (!found || found.delivery.status !== 'pending') return;
    const { delivery, rule } = found;
    const attempts = delivery.attempts + 1;
    const payload = delivery.payload as NotificationPayload;
    try {
      if (rule.channel === 'webhook') {
        await this.senders.webhook(rule.target, rule.secret ?? '', JSON.stringify(payload), { event: `${payload.subjectKind}.${payload.event}`, deliveryId });
      } else {
        await this.senders.email({ to: rule.target, ...mailOf(payload, subjectName(payload)) });
      }
      await this.repository.recordAttempt(db, deliveryId, { status: 'sent', attempts, lastError: null, sentAt: new Date() });
    } catch (error) {
      const lastError = error instanceof Error ? `${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ''}` : String(error);
      const final = attempts >= this.config.notifications.maxAttempts;
      await this.repository.recordAttempt(db, deliveryId, { status: final ? 'failed' : 'pending', attempts, lastError });
      if (final) this.logger.warn({ deliveryId, target: rule.target, lastError }, 'a notification could not be delivered');
      else throw error;
    }
  }
}

function scopeKey(rule: { scope: NotificationScope; scopeId: string }): string {
  return `${rule.scope}:${rule.scopeId}`;
}
