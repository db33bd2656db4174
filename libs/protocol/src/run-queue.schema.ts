import { z } from 'zod';
import { IsoTimestampSchema } from './common.schema';
import { RunSummarySchema } from './run.schema';

/**
 * Queues and limits: a workflow's concurrency limit (`PUT /api/workflows/:id/concurrency`) and
 * what waits (`GET /api/queue`): runs queued for a slot, batches with items waiting, each
 * with why.
 */

/** How many top-level runs of a workflow may be running at once; null: no limit. */
export const WorkflowConcurrencySchema = z.strictObject({
  workflowId: z.string().min(1),
  maxConcurrentRuns: z.number().int().min(1).nullable(),
});
export type WorkflowConcurrency = z.infer<typeof WorkflowConcurrencySchema>;

export const SetWorkflowConcurrencyRequestSchema = z.strictObject({
  maxConcurrentRuns: z.number().int().min(1).nullable(),
});
export type SetWorkflowConcurrencyRequest = z.infer<typeof SetWorkflowConcurrencyRequestSchema>;

export const QueuedBatchSchema = z.strictObject({
  batchId: z.string(),
  name: z.string(),
  workflowName: z.string(),
  priority: z.number().int(),
  waiting: z.number().int().min(0),
  waitingReason: z.string(),
  createdAt: IsoTimestampSchema,
});
export type QueuedBatch = z.infer<typeof QueuedBatchSchema>;

/** `GET /api/queue`: queued runs in the order they will be admitted per workflow, and batches with waiting items. */
export const RunQueueSchema = z.strictObject({
  runs: z.array(RunSummarySchema),
  batches: z.array(QueuedBatchSchema),
});
export type RunQueue = z.infer<typeof RunQueueSchema>;
