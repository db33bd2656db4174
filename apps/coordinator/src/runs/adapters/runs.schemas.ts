import { z } from 'zod';
import { NodeIdSchema, QueryBooleanSchema, RunIdSchema } from '@runtime-hub/protocol';

/** `:id` of /api/runs routes; an id that cannot exist is refused before any query. */
export const RunIdParamSchema = RunIdSchema;

/**
 * `GET /api/runs/:id/logs` query: `nodeId` (one node's lines), `childRuns=true` (also the
 * lines of the child runs of its `foreach` / `workflow.call` / `repeat` nodes, and of theirs;
 * each line's `runId` says whose), `after` (the id of the last line already read: `--follow`
 * reads on with it), `limit` (default and maximum from the coordinator config:
 * RH_LOG_PAGE_SIZE, RH_LOG_PAGE_SIZE_MAX).
 */
export const RunLogQuerySchema = z.strictObject({
  nodeId: NodeIdSchema.optional(),
  childRuns: QueryBooleanSchema.optional().describe("Also the lines of the run's child runs, and of theirs (each line's runId says whose)"),
  after: z.coerce.number().int().min(0).optional(),
  limit: z.coerce.number().int().min(1).optional(),
});
export type RunLogQuery = z.infer<typeof RunLogQuerySchema>;

/** `POST /api/runs/:id/cancel` body (optional): why, as it will show on the run. */
export const CancelRunBodySchema = z
  .strictObject({ reason: z.string().trim().min(1).max(500).optional() })
  .optional()
  .transform((body) => body ?? {});
export type CancelRunBody = z.infer<typeof CancelRunBodySchema>;
