import { z } from 'zod';
import { AgentIdSchema, IsoTimestampSchema, JsonObjectSchema, RunIdSchema } from './common.schema';
import { NodeRunStatusSchema, RunStatusSchema } from './run-state.schema';
import { RunErrorSchema } from './run-error.schema';
import { RunPrioritySchema } from './run-priority';
import { NodeIdSchema, WorkflowDefinitionSchema } from './workflow.schema';

/**
 * Runs and node runs as the REST API returns them (`GET /api/runs/:id`, `GET /api/runs`),
 * as `--json` prints them, and as the `/live` namespace pushes them to dashboards.
 * Timestamps are ISO strings; a field that has no value yet is `null`, never missing.
 */

/**
 * What asked for a run. `parent`: a `workflow.call`, `foreach` or `repeat` node of another run;
 * `schedule`, `batch`, `hook`: the schedule, batch or webhook named by the run's `triggerId`.
 */
export const RunTriggerSchema = z.enum(['api', 'cli', 'dashboard', 'schedule', 'batch', 'hook', 'parent']);
export type RunTrigger = z.infer<typeof RunTriggerSchema>;

/**
 * Triggers a client may name when it starts a run. Schedules, batches and parent runs start
 * runs inside the coordinator, so a REST caller cannot pose as one of them.
 */
export const ClientRunTriggerSchema = z.enum(['api', 'cli', 'dashboard']);
export type ClientRunTrigger = z.infer<typeof ClientRunTriggerSchema>;

/**
 * One task of a node run on one agent. A node with a single target has one task per
 * attempt; a fan-out node (`target.each`) has one per matching agent: one cell per host in
 * the live view.
 */
export const NodeTaskStatusSchema = z.enum(['waiting', 'queued', 'running', 'succeeded', 'failed', 'cancelled']);
export type NodeTaskStatus = z.infer<typeof NodeTaskStatusSchema>;

export const NodeTaskRecordSchema = z.strictObject({
  agentId: AgentIdSchema,
  attempt: z.number().int().min(1),
  status: NodeTaskStatusSchema,
  output: z.unknown(),
  error: RunErrorSchema.nullable(),
  startedAt: IsoTimestampSchema.nullable(),
  finishedAt: IsoTimestampSchema.nullable(),
});
export type NodeTaskRecord = z.infer<typeof NodeTaskRecordSchema>;

export const NodeRunRecordSchema = z.strictObject({
  runId: RunIdSchema,
  nodeId: NodeIdSchema,
  /** The node type (`shell`, `condition`, ...). */
  type: z.string().min(1),
  status: NodeRunStatusSchema,
  /** Current attempt; 0 until the node is first dispatched. */
  attempt: z.number().int().min(0),
  /** The agent of the current attempt; null before dispatch and for fan-out nodes (see `tasks`). */
  agentId: AgentIdSchema.nullable(),
  /** Why a `waiting` node waits: `no online agent matches labels [windows, finance]`. */
  waitingReason: z.string().nullable(),
  /** The output port the node fired on success (`out`, `true`, a switch case); null otherwise. */
  port: z.string().nullable(),
  /** The node's output once it succeeded (fan-out: keyed by agent name); null otherwise. */
  output: z.unknown(),
  error: RunErrorSchema.nullable(),
  queuedAt: IsoTimestampSchema.nullable(),
  startedAt: IsoTimestampSchema.nullable(),
  finishedAt: IsoTimestampSchema.nullable(),
  durationMs: z.number().min(0).nullable(),
  tasks: z.array(NodeTaskRecordSchema),
});
export type NodeRunRecord = z.infer<typeof NodeRunRecordSchema>;

const runFields = {
  id: RunIdSchema,
  workflowId: z.string().min(1),
  workflowVersion: z.number().int().min(1),
  /** The workflow's name when the run started (a later rename does not rewrite history). */
  workflowName: z.string().min(1),
  status: RunStatusSchema,
  trigger: RunTriggerSchema,
  /** The schedule, batch or hook that started the run (see `trigger`); null for the others. */
  triggerId: z.string().nullable(),
  /** Admission order and task priority: higher goes first (RUN_PRIORITY_MIN..RUN_PRIORITY_MAX). */
  priority: RunPrioritySchema,
  /** Why a `queued` run waits (`workflow "nightly" runs 2 of 2 allowed at once`); null otherwise. */
  waitingReason: z.string().nullable(),
  /** The run's inputs after defaults were applied. */
  inputs: JsonObjectSchema,
  /** Why the run failed (usually the first unhandled node failure); null otherwise. */
  error: RunErrorSchema.nullable(),
  /** The run whose `workflow.call` / `foreach` / `repeat` node started this one. */
  parentRunId: RunIdSchema.nullable(),
  /** That node's id in the parent run. */
  parentNodeId: NodeIdSchema.nullable(),
  createdAt: IsoTimestampSchema,
  startedAt: IsoTimestampSchema.nullable(),
  finishedAt: IsoTimestampSchema.nullable(),
  /** Who started the run (a person's email or an API token's name); null for runs a schedule, hook or parent run started. */
  startedBy: z.string().nullable(),
  /** Who cancelled the run through the API; null when nobody did. */
  cancelledBy: z.string().nullable(),
};

/** A run without its nodes: what lists and `run:updated` carry. */
export const RunSummarySchema = z.strictObject(runFields);
export type RunSummary = z.infer<typeof RunSummarySchema>;

/** A run with every node run, in the workflow's definition order. */
export const RunRecordSchema = z.strictObject({ ...runFields, nodes: z.array(NodeRunRecordSchema) });
export type RunRecord = z.infer<typeof RunRecordSchema>;

/**
 * `POST /api/runs`. Either a stored workflow (`workflowId`, optionally a `version`; default
 * the latest) or an inline `definition` (`runtime-hub run FILE`), never both.
 */
export const StartRunRequestSchema = z
  .strictObject({
    workflowId: z.string().min(1).optional(),
    version: z.number().int().min(1).optional(),
    definition: WorkflowDefinitionSchema.optional(),
    inputs: JsonObjectSchema.optional(),
    trigger: ClientRunTriggerSchema.optional(),
    /** Higher goes first when runs wait for a slot, and its tasks go first in agents' queues. */
    priority: RunPrioritySchema.optional(),
  })
  .superRefine((request, ctx) => {
    if (request.workflowId === undefined && request.definition === undefined) {
      ctx.addIssue({ code: 'custom', path: ['workflowId'], message: 'give either workflowId or definition' });
    }
    if (request.workflowId !== undefined && request.definition !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['definition'], message: 'give either workflowId or definition, not both' });
    }
    if (request.version !== undefined && request.workflowId === undefined) {
      ctx.addIssue({ code: 'custom', path: ['version'], message: 'version needs a workflowId' });
    }
  });
export type StartRunRequest = z.infer<typeof StartRunRequestSchema>;

/**
 * `POST /api/runs` query string. `waitMs`: hold the answer until the run has ended, for at
 * most this long (the coordinator caps it, RH_RUN_START_WAIT_MAX_MS): 200 with the finished
 * RunRecord, or 202 with the RunSummary when the wait ran out first. Without it: 202 at once.
 */
export const StartRunQuerySchema = z.strictObject({
  waitMs: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .describe('Wait up to this many milliseconds for the run to end: 200 with the finished run, else 202 with its summary'),
});
export type StartRunQuery = z.infer<typeof StartRunQuerySchema>;

/** Page size of `GET /api/runs` when the caller names none. */
export const RUN_LIST_DEFAULT_LIMIT = 50;
/** Largest page a caller may ask for: bounds one query's cost and one response's size. */
export const RUN_LIST_MAX_LIMIT = 500;

/** `true` or `false` in a query string. */
export const QueryBooleanSchema = z.enum(['true', 'false']).transform((text) => text === 'true');

/**
 * `GET /api/runs` query string. Values arrive as strings, so `limit` is coerced. `from` /
 * `to` bound `createdAt` (from inclusive, to exclusive). `agentId`: runs with a task on that
 * agent. `parentRunId`: the child runs one run started; `topLevel=true`: only runs no other
 * run started (what a run list shows first), `topLevel=false`: only child runs. `cursor` is
 * opaque: pass back the `nextCursor` of the previous page.
 */
export const RunListQuerySchema = z
  .strictObject({
    status: RunStatusSchema.optional(),
    workflowId: z.string().min(1).optional(),
    agentId: AgentIdSchema.optional(),
    trigger: RunTriggerSchema.optional(),
    triggerId: z.string().min(1).optional().describe('Only the runs this schedule, batch or hook started'),
    parentRunId: RunIdSchema.optional().describe('Only the child runs this run started (its workflow.call, foreach and repeat nodes)'),
    topLevel: QueryBooleanSchema.optional().describe('true: only runs no other run started; false: only child runs'),
    from: IsoTimestampSchema.optional(),
    to: IsoTimestampSchema.optional(),
    cursor: z.string().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(RUN_LIST_MAX_LIMIT).default(RUN_LIST_DEFAULT_LIMIT),
  })
  .superRefine((query, ctx) => {
    if (query.parentRunId !== undefined && query.topLevel === true) {
      ctx.addIssue({ code: 'custom', path: ['topLevel'], message: 'a run with a parentRunId is not top-level: give one of the two' });
    }
  });
export type RunListQuery = z.infer<typeof RunListQuerySchema>;
/** What a caller writes: `limit` may be left out or given as a string. */
export type RunListQueryInput = z.input<typeof RunListQuerySchema>;

/** One page of a cursor-paginated list. `nextCursor` is null on the last page. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function PageSchema<Item extends z.ZodType>(item: Item) {
  return z.strictObject({ items: z.array(item), nextCursor: z.string().min(1).nullable() });
}

export const RunSummaryPageSchema = PageSchema(RunSummarySchema);
export type RunSummaryPage = z.infer<typeof RunSummaryPageSchema>;
