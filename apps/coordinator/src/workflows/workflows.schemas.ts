import { WorkflowDefinitionSchema } from '@runtime-hub/protocol';
import { z } from 'zod';

/**
 * Request bodies and parameters of /api/workflows. The definition itself is taken as any
 * JSON here and checked by the graph validator, which names every problem at once.
 */

/** Longest version message: a commit message, not a changelog. */
export const WORKFLOW_MESSAGE_MAX_LENGTH = 1_000;

const MessageSchema = z.string().trim().min(1).max(WORKFLOW_MESSAGE_MAX_LENGTH);

export const SaveWorkflowBodySchema = z.strictObject({
  /** A workflow definition (schemaVersion 1); validated with the node catalogue. */
  definition: z.unknown().refine((value) => value !== undefined, 'a workflow definition is required'),
  /** What changed, as the author puts it. */
  message: MessageSchema.optional(),
});
export type SaveWorkflowBody = z.infer<typeof SaveWorkflowBodySchema>;

/** The same body as the OpenAPI document shows it, with the definition's JSON Schema. */
export const SaveWorkflowBodyDocSchema = SaveWorkflowBodySchema.extend({ definition: WorkflowDefinitionSchema });

/** Versions are stored as Postgres `integer`: a larger number names no version and is refused like any bad value. */
export const VERSION_NUMBER_MAX = 2_147_483_647;

export const VersionNumberSchema = z.coerce.number().int().min(1).max(VERSION_NUMBER_MAX);

export const RestoreWorkflowBodySchema = z.strictObject({
  version: z.number().int().min(1).max(VERSION_NUMBER_MAX),
});
export type RestoreWorkflowBody = z.infer<typeof RestoreWorkflowBodySchema>;

export const DiffQuerySchema = z.strictObject({
  /** The older side of the diff. */
  from: VersionNumberSchema,
  /** The newer side; the latest version when left out. */
  to: VersionNumberSchema.optional(),
});
export type DiffQuery = z.infer<typeof DiffQuerySchema>;

/** Workflow ids are UUIDs; this bounds what is looked up. */
export const WorkflowIdSchema = z.string().min(1).max(128);
