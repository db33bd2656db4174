import { desc, sql } from 'drizzle-orm';
import { bigserial, check, foreignKey, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { RUN_PRIORITY_DEFAULT, type JsonObject, type LogStream, type NodeRunStatus, type NodeTaskStatus, type RunError, type RunStatus, type RunTrigger, type Target } from '@runtime-hub/protocol';
import { timestamptz } from './timestamps';

/**
 * Runs, their node runs, the tasks of each node run, and log lines. A run and all its node
 * rows are written in one transaction before anything is queued (ARCHITECTURE.md, step 1).
 *
 * `workflow_id` / `workflow_version` / `workflow_name` are a copy, not a foreign key: run
 * history outlives an archived or deleted workflow, and a child run of an inline
 * sub-workflow has no version of its own (its definition lives in its parent's version).
 * `agent_id` columns are not foreign keys either, for the same reason.
 */
export const runs = pgTable(
  'runs',
  {
    id: text('id').primaryKey(),
    workflowId: text('workflow_id').notNull(),
    workflowVersion: integer('workflow_version').notNull(),
    workflowName: text('workflow_name').notNull(),
    status: text('status').$type<RunStatus>().notNull(),
    trigger: text('trigger').$type<RunTrigger>().notNull(),
    /** The schedule, batch or hook that started the run (not a foreign key: history outlives them). */
    triggerId: text('trigger_id'),
    /** Higher goes first: admission of queued runs, and the BullMQ priority of the run's tasks. */
    priority: integer('priority').notNull().default(RUN_PRIORITY_DEFAULT),
    /** Why a `queued` run waits; set whenever the status is `queued` (see the check below). */
    waitingReason: text('waiting_reason'),
    /** Replaces the target of every agent node of this run (a schedule's labels, a batch's host). */
    targetOverride: jsonb('target_override').$type<Target>(),
    /** At most one run per key is admitted at a time (a schedule whose overlap policy is `queue`). */
    concurrencyKey: text('concurrency_key'),
    inputs: jsonb('inputs').$type<JsonObject>().notNull(),
    error: jsonb('error').$type<RunError>(),
    parentRunId: text('parent_run_id'),
    parentNodeId: text('parent_node_id'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
    startedAt: timestamptz('started_at'),
    finishedAt: timestamptz('finished_at'),
    /** Set when a cancel is asked for; the run is cancelled once its running tasks stop. */
    cancelRequestedAt: timestamptz('cancel_requested_at'),
    /**
     * Coordinator starts that began recovering this run and did not finish it (the process
     * died): past RH_RUN_MAX_RECOVERIES the run is quarantined rather than handled again.
     */
    recoveries: integer('recoveries').notNull().default(0),
    /** Who started the run: a user's email, a token's name, or `schedule:`/`batch:`/`webhook:<name>`; null for child runs. */
    startedBy: text('started_by'),
    /** Who asked for the cancellation (null when nobody did, or the system did). */
    cancelledBy: text('cancelled_by'),
  },
  (table) => [
    // Child runs go with their parent.
    foreignKey({ columns: [table.parentRunId], foreignColumns: [table.id] }).onDelete('cascade'),
    // The run list: newest first, keyset-paginated by (created_at, id).
    index('runs_created_at_id_idx').on(desc(table.createdAt), desc(table.id)),
    index('runs_status_created_at_idx').on(table.status, table.createdAt),
    index('runs_workflow_id_created_at_idx').on(table.workflowId, table.createdAt),
    // A parent's children (foreach / repeat progress); most runs have no parent.
    index('runs_parent_run_id_idx').on(table.parentRunId).where(sql`${table.parentRunId} is not null`),
    // The runs of one schedule, batch or hook (history, overlap, progress); most runs have none.
    index('runs_trigger_id_created_at_idx').on(table.triggerId, table.createdAt).where(sql`${table.triggerId} is not null`),
    // Admission: the queued runs of a workflow in the order they are taken, and the running ones counted.
    index('runs_workflow_id_status_idx').on(table.workflowId, table.status).where(sql`${table.status} in ('queued', 'running')`),
    // A run that waits says why.
    check('runs_queued_has_reason', sql`${table.status} <> 'queued' or ${table.waitingReason} is not null`),
  ],
);

export const nodeRuns = pgTable(
  'node_runs',
  {
    runId: text('run_id').notNull(),
    nodeId: text('node_id').notNull(),
    type: text('type').notNull(),
    status: text('status').$type<NodeRunStatus>().notNull(),
    /** 0 until the node is first dispatched; results are recorded only for the current attempt. */
    attempt: integer('attempt').notNull().default(0),
    agentId: text('agent_id'),
    waitingReason: text('waiting_reason'),
    port: text('port'),
    output: jsonb('output').$type<unknown>(),
    error: jsonb('error').$type<RunError>(),
    queuedAt: timestamptz('queued_at'),
    startedAt: timestamptz('started_at'),
    finishedAt: timestamptz('finished_at'),
    durationMs: integer('duration_ms'),
    /**
     * How many times an agent was lost while running this node (its attempts failed with
     * AGENT_LOST): past RH_TASK_MAX_AGENT_LOSSES the node is quarantined, not delivered again.
     */
    agentLosses: integer('agent_losses').notNull().default(0),
  },
  (table) => [
    primaryKey({ columns: [table.runId, table.nodeId] }),
    foreignKey({ columns: [table.runId], foreignColumns: [runs.id] }).onDelete('cascade'),
    index('node_runs_agent_id_idx').on(table.agentId),
  ],
);

/** One row per (node run, agent): the single task of a plain node, or a fan-out cell. */
export const nodeTasks = pgTable(
  'node_tasks',
  {
    runId: text('run_id').notNull(),
    nodeId: text('node_id').notNull(),
    agentId: text('agent_id').notNull(),
    attempt: integer('attempt').notNull(),
    status: text('status').$type<NodeTaskStatus>().notNull(),
    output: jsonb('output').$type<unknown>(),
    error: jsonb('error').$type<RunError>(),
    startedAt: timestamptz('started_at'),
    finishedAt: timestamptz('finished_at'),
    /**
     * The nodes its agent runs after it, in order (a bundle: docs/ARCHITECTURE.md "Bundles"):
     * only results of these nodes, in this order, are recorded with its result, and its
     * deadline counts their timeouts too. Null: a task of its node alone.
     */
    bundle: jsonb('bundle').$type<string[]>(),
  },
  (table) => [
    primaryKey({ columns: [table.runId, table.nodeId, table.agentId] }),
    foreignKey({ columns: [table.runId, table.nodeId], foreignColumns: [nodeRuns.runId, nodeRuns.nodeId] }).onDelete('cascade'),
    // An agent's open tasks, when it goes offline; and runs filtered by agent.
    index('node_tasks_agent_id_status_idx').on(table.agentId, table.status),
    // Open tasks across the fleet (the reconciler, the deadline watchdog): few of a history of many.
    index('node_tasks_open_idx')
      .on(table.status, table.startedAt)
      .where(sql`${table.status} in ('queued', 'running')`),
  ],
);

export const runLogs = pgTable(
  'run_logs',
  {
    /** Insertion order across the database: the order lines are shown in and the `--follow` cursor. */
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    runId: text('run_id').notNull(),
    nodeId: text('node_id').notNull(),
    agentId: text('agent_id'),
    attempt: integer('attempt').notNull(),
    stream: text('stream').$type<LogStream>().notNull(),
    line: text('line').notNull(),
    at: timestamptz('at').notNull(),
  },
  (table) => [
    foreignKey({ columns: [table.runId], foreignColumns: [runs.id] }).onDelete('cascade'),
    index('run_logs_run_id_id_idx').on(table.runId, table.id),
  ],
);
