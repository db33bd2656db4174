import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import {
  RUN_PRIORITY_DEFAULT,
  type BatchItemStatus,
  type BatchStatus,
  type HookAuth,
  type JsonObject,
  type MisfirePolicy,
  type NotificationChannel,
  type NotificationDeliveryStatus,
  type NotificationEvent,
  type NotificationScope,
  type OverlapPolicy,
  type RunError,
  type ScheduleFireOutcome,
} from '@runtime-hub/protocol';
import { timestamptz } from './timestamps';

/**
 * What starts runs besides a person: workflow concurrency limits, schedules and their fires,
 * batches and their items, webhook triggers, and notification rules with their deliveries.
 * `workflow_id` columns are not foreign keys, as in `runs`: history outlives a workflow.
 */

/** A workflow's concurrency limit: at most this many of its top-level runs running at once. */
export const workflowRunLimits = pgTable('workflow_run_limits', {
  workflowId: text('workflow_id').primaryKey(),
  maxConcurrentRuns: integer('max_concurrent_runs').notNull(),
  updatedAt: timestamptz('updated_at').notNull().defaultNow(),
});

export const schedules = pgTable(
  'schedules',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    workflowId: text('workflow_id').notNull(),
    /** Null: the latest version at each fire. */
    workflowVersion: integer('workflow_version'),
    cron: text('cron'),
    timeZone: text('time_zone'),
    everyMs: integer('every_ms'),
    inputs: jsonb('inputs').$type<JsonObject>().notNull(),
    targetLabels: jsonb('target_labels').$type<string[]>(),
    misfire: text('misfire').$type<MisfirePolicy>().notNull(),
    overlap: text('overlap').$type<OverlapPolicy>().notNull(),
    priority: integer('priority').notNull().default(RUN_PRIORITY_DEFAULT),
    paused: boolean('paused').notNull().default(false),
    /** Interval schedules count their fires from here (creation, or the last resume). */
    anchorAt: timestamptz('anchor_at').notNull(),
    /** The latest fire time handled: fires between it and the next one handled were missed. */
    lastFireAt: timestamptz('last_fire_at'),
    /** The run of the latest fire that started one: the "previous run" of the overlap policy. */
    lastRunId: text('last_run_id'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (table) => [uniqueIndex('schedules_name_key').on(table.name)],
);

/** One row per fire a coordinator handled: the key (schedule, fire time) makes a fire count once. */
export const scheduleFires = pgTable(
  'schedule_fires',
  {
    scheduleId: text('schedule_id').notNull(),
    fireAt: timestamptz('fire_at').notNull(),
    handledAt: timestamptz('handled_at').notNull().defaultNow(),
    manual: boolean('manual').notNull().default(false),
    outcome: text('outcome').$type<ScheduleFireOutcome>().notNull(),
    runId: text('run_id'),
    missedFires: integer('missed_fires').notNull().default(0),
    detail: text('detail'),
  },
  (table) => [primaryKey({ columns: [table.scheduleId, table.fireAt] })],
);

export const batches = pgTable(
  'batches',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    workflowId: text('workflow_id').notNull(),
    workflowVersion: integer('workflow_version').notNull(),
    workflowName: text('workflow_name').notNull(),
    status: text('status').$type<BatchStatus>().notNull(),
    concurrency: integer('concurrency').notNull(),
    priority: integer('priority').notNull().default(RUN_PRIORITY_DEFAULT),
    hostsLabel: text('hosts_label'),
    total: integer('total').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    finishedAt: timestamptz('finished_at'),
  },
  (table) => [index('batches_status_idx').on(table.status)],
);

/** One row per run the batch asks for: an item, or an item on one host. */
export const batchItems = pgTable(
  'batch_items',
  {
    batchId: text('batch_id')
      .notNull()
      .references(() => batches.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    itemIndex: integer('item_index').notNull(),
    agentId: text('agent_id'),
    inputs: jsonb('inputs').$type<JsonObject>().notNull(),
    status: text('status').$type<BatchItemStatus>().notNull(),
    runId: text('run_id'),
    attempts: integer('attempts').notNull().default(0),
    error: jsonb('error').$type<RunError>(),
    startedAt: timestamptz('started_at'),
    finishedAt: timestamptz('finished_at'),
  },
  (table) => [
    primaryKey({ columns: [table.batchId, table.seq] }),
    // The next waiting items in order, and counts by status.
    index('batch_items_batch_id_status_seq_idx').on(table.batchId, table.status, table.seq),
    index('batch_items_run_id_idx').on(table.runId).where(sql`${table.runId} is not null`),
  ],
);

export const hooks = pgTable(
  'hooks',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    workflowId: text('workflow_id').notNull(),
    workflowVersion: integer('workflow_version'),
    auth: text('auth').$type<HookAuth>().notNull(),
    /** `token`: SHA-256 hex of the token. `hmac-sha256`: the key itself, which verifying needs. */
    secret: text('secret').notNull(),
    inputMap: jsonb('input_map').$type<Record<string, string>>(),
    rateLimitPerMinute: integer('rate_limit_per_minute').notNull(),
    targetLabels: jsonb('target_labels').$type<string[]>(),
    priority: integer('priority').notNull().default(RUN_PRIORITY_DEFAULT),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    lastCalledAt: timestamptz('last_called_at'),
  },
  (table) => [uniqueIndex('hooks_name_key').on(table.name)],
);

export const notificationRules = pgTable(
  'notification_rules',
  {
    id: text('id').primaryKey(),
    scope: text('scope').$type<NotificationScope>().notNull(),
    scopeId: text('scope_id').notNull(),
    onSuccess: boolean('on_success').notNull().default(false),
    channel: text('channel').$type<NotificationChannel>().notNull(),
    /** The webhook URL, or the email addresses joined by ", ". */
    target: text('target').notNull(),
    /** The key webhook deliveries are signed with; null for email. */
    secret: text('secret'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (table) => [index('notification_rules_scope_idx').on(table.scope, table.scopeId)],
);

export const notificationDeliveries = pgTable(
  'notification_deliveries',
  {
    id: text('id').primaryKey(),
    ruleId: text('rule_id')
      .notNull()
      .references(() => notificationRules.id, { onDelete: 'cascade' }),
    event: text('event').$type<NotificationEvent>().notNull(),
    subjectKind: text('subject_kind').$type<'run' | 'batch'>().notNull(),
    subjectId: text('subject_id').notNull(),
    payload: jsonb('payload').$type<unknown>().notNull(),
    status: text('status').$type<NotificationDeliveryStatus>().notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    sentAt: timestamptz('sent_at'),
  },
  (table) => [
    // One delivery per rule and subject: a run's end seen twice notifies once.
    uniqueIndex('notification_deliveries_rule_subject_key').on(table.ruleId, table.subjectKind, table.subjectId),
    index('notification_deliveries_status_created_at_idx').on(table.status, table.createdAt),
  ],
);
