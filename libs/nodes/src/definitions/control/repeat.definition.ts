import type { NodeDefinition } from '@runtime-hub/protocol';
import { z } from 'zod';
import { OBJECT_OUTPUT_PORTS, STANDARD_INPUT_PORTS, noCapabilities } from '../node-ports';
import { ChildInputsSchema, SUB_WORKFLOW_FIELD, SUB_WORKFLOW_SHAPE, checkSubWorkflowSource } from './sub-workflow.schema';

export const RepeatConfigSchema = z
  .strictObject({
    ...SUB_WORKFLOW_SHAPE,
    inputs: ChildInputsSchema.optional().describe("Inputs of each iteration's child run; values may hold {{ }} templates."),
    until: z
      .string()
      .min(1)
      .describe(
        'JSONata expression over { iteration, last }, checked after each iteration (`iteration`: 1 after the first, `last`: its child-run outputs); the node stops when it holds.',
      ),
    /** Required by the validator (with its own problem code), capped by the coordinator setting. */
    maxIterations: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('Most iterations; the node fails if `until` still does not hold after this many.'),
  })
  .superRefine(checkSubWorkflowSource);
export type RepeatConfig = z.infer<typeof RepeatConfigSchema>;

export const RepeatOutputSchema = z.object({
  iterations: z.number().int().min(1).describe('Iterations run, the last one included.'),
  last: z.unknown().describe("The last iteration's child-run outputs."),
});
export type RepeatOutput = z.infer<typeof RepeatOutputSchema>;

export const repeatDefinition: NodeDefinition<RepeatConfig> = {
  type: 'repeat',
  version: 1,
  category: 'control',
  description: 'Runs a sub-workflow again and again until an expression over its outputs holds.',
  configSchema: RepeatConfigSchema,
  outputSchema: RepeatOutputSchema,
  inputPorts: STANDARD_INPUT_PORTS,
  outputPorts: () => OBJECT_OUTPUT_PORTS,
  requiredCapabilities: noCapabilities,
  runsOn: 'coordinator',
  repeats: true,
  subWorkflowField: SUB_WORKFLOW_FIELD,
  expressionFields: ['until'],
};
