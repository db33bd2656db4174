import { z } from 'zod';
import { EntityIdSchema, IsoTimestampSchema, JsonObjectSchema } from './common.schema';
import { RunErrorSchema } from './run-error.schema';
import { RunPrioritySchema } from './run-priority';
import { TriggerNameSchema } from './schedule.schema';
import { LabelSchema } from './workflow.schema';

/**
 * Batches (`/api/batches`): one stored workflow run over a list of inputs (a JSON array, or CSV
 * with a header line), optionally once per item on every host of a label, at most
 * `concurrency` items at once, in item order, with a priority. The items wait in Postgres, so a
 * batch goes on after a coordinator restart.
 */

/** `POST /api/batches`: `items` or `csv`, not both. */
export const CreateBatchRequestSchema = z
  .strictObject({
    workflowId: z.string().min(1),
    /** The version every item runs; default: the latest when the batch starts. */
    version: z.number().int().min(1).optional(),
    name: TriggerNameSchema.optional(),
    /** One object of inputs per item. */
    items: z.array(JsonObjectSchema).optional(),
    /** The items as CSV: a header line naming inputs, then one line per item; values are converted to the inputs' declared types. */
    csv: z.string().optional(),
    /** Inputs every item gets; an item's own value wins. */
    inputs: JsonObjectSchema.optional(),
    /** Each item runs once on every host with this label (items x hosts runs), each run held to its host. */
    hostsLabel: LabelSchema.optional(),
    /** Items running at once; default RH_BATCH_DEFAULT_CONCURRENCY. */
    concurrency: z.number().int().min(1).optional(),
    priority: RunPrioritySchema.optional(),
  })
  .superRefine((value, ctx) => {
    if ((value.items === undefined) === (value.csv === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['items'], message: 'give the items either as items (a JSON array) or as csv, one of the two' });
    }
  });
export type CreateBatchRequest = z.infer<typeof CreateBatchRequestSchema>;

/** `running`: items are started as slots free; `paused`: none are started; `finished`: every item settled. */
export const BatchStatusSchema = z.enum(['running', 'paused', 'cancelled', 'finished']);
export type BatchStatus = z.infer<typeof BatchStatusSchema>;

/** `running`: the item's run was started (it may wait, queued, for its workflow's slot). */
export const BatchItemStatusSchema = z.enum(['waiting', 'running', 'succeeded', 'failed', 'cancelled']);
export type BatchItemStatus = z.infer<typeof BatchItemStatusSchema>;

export const BatchProgressSchema = z.strictObject({
  total: z.number().int().min(0),
  waiting: z.number().int().min(0),
  running: z.number().int().min(0),
  succeeded: z.number().int().min(0),
  failed: z.number().int().min(0),
  cancelled: z.number().int().min(0),
});
export type BatchProgress = z.infer<typeof BatchProgressSchema>;

export const BatchRecordSchema = z.strictObject({
  id: EntityIdSchema,
  name: z.string(),
  workflowId: z.string().min(1),
  workflowName: z.string(),
  workflowVersion: z.number().int().min(1),
  status: BatchStatusSchema,
  concurrency: z.number().int().min(1),
  priority: RunPrioritySchema,
  hostsLabel: z.string().nullable(),
  progress: BatchProgressSchema,
  /** Why items wait: `paused`, `5 of 5 items running (concurrency 5)`; null when none wait. */
  waitingReason: z.string().nullable(),
  createdAt: IsoTimestampSchema,
  finishedAt: IsoTimestampSchema.nullable(),
});
export type BatchRecord = z.infer<typeof BatchRecordSchema>;

export const BatchItemRecordSchema = z.strictObject({
  batchId: EntityIdSchema,
  /** Position in the batch: items in input order, and for a hosts batch each item once per host. */
  seq: z.number().int().min(0),
  /** The item's position in the input (the CSV line after the header counts from 0). */
  index: z.number().int().min(0),
  agentId: z.string().nullable(),
  inputs: JsonObjectSchema,
  status: BatchItemStatusSchema,
  runId: z.string().nullable(),
  /** Runs started for the item: 1 plus the retries of "retry failed". */
  attempts: z.number().int().min(0),
  error: RunErrorSchema.nullable(),
  startedAt: IsoTimestampSchema.nullable(),
  finishedAt: IsoTimestampSchema.nullable(),
});
export type BatchItemRecord = z.infer<typeof BatchItemRecordSchema>;

export const BatchItemsQuerySchema = z.strictObject({
  status: BatchItemStatusSchema.optional(),
  offset: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).max(1_000).optional(),
});
export type BatchItemsQuery = z.infer<typeof BatchItemsQuerySchema>;

export const BatchItemPageSchema = z.strictObject({ items: z.array(BatchItemRecordSchema), total: z.number().int().min(0) });
export type BatchItemPage = z.infer<typeof BatchItemPageSchema>;

export const BatchListSchema = z.strictObject({ items: z.array(BatchRecordSchema) });
export type BatchList = z.infer<typeof BatchListSchema>;
