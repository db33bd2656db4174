import { z } from 'zod';
import { AgentMetricSchema, IsoTimestampSchema, NodeIdSchema, RunIdSchema } from '@runtime-hub/protocol';

/** `limit`: how many of the newest matching items; default and ceiling from the config. */
const LimitSchema = z.coerce.number().int().min(1).optional();

/**
 * `GET /api/agents/:id/metrics` query: `name` (one metric), `from` / `to` (ISO timestamps,
 * both inclusive), `limit` (RH_METRICS_PAGE_SIZE, at most RH_METRICS_PAGE_SIZE_MAX). An unknown
 * parameter is refused, so a misspelt filter is not silently ignored.
 */
export const AgentMetricsQuerySchema = z.strictObject({
  name: AgentMetricSchema.shape.name.optional(),
  from: IsoTimestampSchema.optional(),
  to: IsoTimestampSchema.optional(),
  limit: LimitSchema,
});
export type AgentMetricsQuery = z.infer<typeof AgentMetricsQuerySchema>;

/** `GET /api/agents/:id/traces` query: `runId`, `nodeId`, `from`, `to`, `limit` (RH_TRACES_PAGE_SIZE). */
export const AgentTracesQuerySchema = z.strictObject({
  runId: RunIdSchema.optional(),
  nodeId: NodeIdSchema.optional(),
  from: IsoTimestampSchema.optional(),
  to: IsoTimestampSchema.optional(),
  limit: LimitSchema,
});
export type AgentTracesQuery = z.infer<typeof AgentTracesQuerySchema>;

/** `GET /api/runs/:id/nodes/:nodeId/traces` query: `limit` only. */
export const NodeTracesQuerySchema = z.strictObject({ limit: LimitSchema });
export type NodeTracesQuery = z.infer<typeof NodeTracesQuerySchema>;

/** Response of the traces routes: spans oldest first. */
export interface AgentTracesPage<Item> {
  readonly items: Item[];
}
