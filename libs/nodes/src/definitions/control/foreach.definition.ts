import type { InputPortDefinition, NodeDefinition } from '@runtime-hub/protocol';
import { z } from 'zod';
import { DEFAULT_FOREACH_CONCURRENCY, MAX_FOREACH_CONCURRENCY } from '../../node-defaults';
import { IN_PORT, OBJECT_OUTPUT_PORTS, noCapabilities } from '../node-ports';
import { ChildInputsSchema, SUB_WORKFLOW_FIELD, SUB_WORKFLOW_SHAPE, checkSubWorkflowSource } from './sub-workflow.schema';

/** Input port for the node whose output is the list to iterate; only arrays fit it. */
export const FOREACH_ITEMS_PORT = 'items';

/** Inputs each iteration receives besides `inputs`: the item and its 0-based position. */
export const FOREACH_ITEM_INPUT = 'item';
export const FOREACH_INDEX_INPUT = 'index';

const TEMPLATE_OPEN = '{{';

export const ForeachConfigSchema = z
  .strictObject({
    items: z
      .union([
        z.array(z.unknown()),
        z.string().refine((text) => text.includes(TEMPLATE_OPEN), {
          message: 'items must be an array or a {{ }} template that evaluates to one, like {{ inputs.hosts }}',
        }),
      ])
      .describe('The list to iterate: an array, or a {{ }} template that evaluates to one.'),
    ...SUB_WORKFLOW_SHAPE,
    inputs: ChildInputsSchema.optional().describe(
      `Inputs every iteration gets, besides \`${FOREACH_ITEM_INPUT}\` (the item) and \`${FOREACH_INDEX_INPUT}\` (its 0-based position).`,
    ),
    concurrency: z
      .number()
      .int()
      .min(1)
      .max(MAX_FOREACH_CONCURRENCY)
      .default(DEFAULT_FOREACH_CONCURRENCY)
      .describe(`Iterations running at once (default ${DEFAULT_FOREACH_CONCURRENCY}).`),
    /** Required by the validator (with its own problem code), capped by the coordinator setting. */
    maxIterations: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('Most items this node will run; a longer list fails the node before any iteration starts.'),
  })
  .superRefine(checkSubWorkflowSource)
  .superRefine((config, ctx) => {
    for (const name of [FOREACH_ITEM_INPUT, FOREACH_INDEX_INPUT]) {
      if (config.inputs !== undefined && name in config.inputs) {
        ctx.addIssue({ code: 'custom', message: `"${name}" is set by foreach for each iteration; rename this input`, path: ['inputs', name] });
      }
    }
  });
export type ForeachConfig = z.infer<typeof ForeachConfigSchema>;

export const ForeachOutputSchema = z.object({
  count: z.number().int().min(0).describe('Iterations run.'),
  results: z.array(z.unknown()).describe("Each iteration's child-run outputs, in item order."),
});
export type ForeachOutput = z.infer<typeof ForeachOutputSchema>;

const FOREACH_INPUT_PORTS: readonly InputPortDefinition[] = [
  IN_PORT,
  {
    name: FOREACH_ITEMS_PORT,
    accepts: ['array'],
    description: 'Runs after a node whose output is an array; reference it in `items` as {{ nodes.<id>.output }}.',
  },
];

export const foreachDefinition: NodeDefinition<ForeachConfig> = {
  type: 'foreach',
  version: 1,
  category: 'control',
  description: 'Runs a sub-workflow once per item of a list, a few at a time.',
  configSchema: ForeachConfigSchema,
  outputSchema: ForeachOutputSchema,
  inputPorts: FOREACH_INPUT_PORTS,
  outputPorts: () => OBJECT_OUTPUT_PORTS,
  requiredCapabilities: noCapabilities,
  runsOn: 'coordinator',
  repeats: true,
  subWorkflowField: SUB_WORKFLOW_FIELD,
};
