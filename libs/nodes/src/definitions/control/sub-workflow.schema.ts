import { z } from 'zod';

/**
 * Config fields shared by the nodes that start child runs (`workflow.call`, `foreach`,
 * `repeat`): which workflow to run, stored or inline, and with which inputs.
 */

/** The config key holding an inline sub-workflow; the validator checks it as a workflow of its own. */
export const SUB_WORKFLOW_FIELD = 'workflow';

/**
 * An inline workflow definition (schemaVersion 1). Kept as a plain object here: the validator
 * parses it with the workflow schema and reports its problems under this node, so they are
 * not reported twice. `{{ }}` templates inside it belong to the child run and are resolved
 * there, against the child's inputs and nodes.
 */
export const InlineWorkflowSchema = z
  .record(z.string(), z.unknown())
  .describe('An inline workflow definition (schemaVersion 1), run as the child workflow.');
export type InlineWorkflow = z.infer<typeof InlineWorkflowSchema>;

export const ChildInputsSchema = z.record(z.string(), z.unknown());

/** Spread into each sub-workflow node's config schema. */
export const SUB_WORKFLOW_SHAPE = {
  workflowId: z.string().min(1).optional().describe('Id of a stored workflow to run. Set this or `workflow`.'),
  version: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('Version of the stored workflow. Absent: its latest version when the node starts.'),
  workflow: InlineWorkflowSchema.optional(),
};

export interface SubWorkflowSource {
  readonly workflowId?: string | undefined;
  readonly version?: number | undefined;
  readonly workflow?: InlineWorkflow | undefined;
}

export const EXACTLY_ONE_SOURCE_MESSAGE = 'set exactly one of workflowId (a stored workflow) or workflow (an inline definition)';
export const VERSION_NEEDS_ID_MESSAGE = 'version applies to a stored workflow: set workflowId with it, or drop version';

/** Reports a config that names no child workflow, two of them, or a version of an inline one. */
export function checkSubWorkflowSource(config: SubWorkflowSource, ctx: z.RefinementCtx): void {
  const hasId = config.workflowId !== undefined;
  const hasInline = config.workflow !== undefined;
  if (hasId === hasInline) {
    ctx.addIssue({ code: 'custom', message: EXACTLY_ONE_SOURCE_MESSAGE, path: hasId ? ['workflow'] : [] });
  }
  if (config.version !== undefined && !hasId) {
    ctx.addIssue({ code: 'custom', message: VERSION_NEEDS_ID_MESSAGE, path: ['version'] });
  }
}
