import { z } from 'zod';
import { JsonObjectSchema } from './common.schema';
import { NodeIdSchema } from './workflow.schema';
import { RunErrorCodeSchema } from './run-error-code.schema';
import { ERROR_MESSAGE_MAX_LENGTH } from './protocol-limits';

export const RunErrorSchema = z.strictObject({
  code: RunErrorCodeSchema,
  message: z.string().max(ERROR_MESSAGE_MAX_LENGTH),
  /** Whether the dispatcher may try again (within the node's retry policy). */
  retryable: z.boolean(),
  /** The node that failed, when the error is about one (a run's error names its failing node). */
  nodeId: NodeIdSchema.optional(),
  /** Machine-readable facts: exit code, last stderr lines, HTTP status, config path, sizes. */
  details: JsonObjectSchema.optional(),
});
export type RunError = z.infer<typeof RunErrorSchema>;
