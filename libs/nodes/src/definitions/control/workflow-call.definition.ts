import { RunStatusSchema, type NodeDefinition } from '@runtime-hub/protocol';
import { z } from 'zod';
import { OBJECT_OUTPUT_PORTS, STANDARD_INPUT_PORTS, noCapabilities } from '../node-ports';
import { ChildInputsSchema, SUB_WORKFLOW_FIELD, SUB_WORKFLOW_SHAPE, checkSubWorkflowSource } from './sub-workflow.schema';

export const WorkflowCallConfigSchema = z
  .strictObject({
    ...SUB_WORKFLOW_SHAPE,
    inputs: ChildInputsSchema.optional().describe('Inputs of the child run; values may hold {{ }} templates.'),
  })
  .superRefine(checkSubWorkflowSource);
export type WorkflowCallConfig = z.infer<typeof WorkflowCallConfigSchema>;

export const WorkflowCallOutputSchema = z.object({
  runId: z.string().describe('Id of the child run, to open it in the dashboard.'),
  status: RunStatusSchema.describe('How the child run ended.'),
  outputs: z.record(z.string(), z.unknown()).describe("The child run's node outputs, keyed by node id."),
});
export type WorkflowCallOutput = z.infer<typeof WorkflowCallOutputSchema>;

export const workflowCallDefinition: NodeDefinition<WorkflowCallConfig> = {
  type: 'workflow.call',
  version: 1,
  category: 'control',
  description: 'Runs another workflow (stored or inline) as a child run and waits for it.',
  configSchema: WorkflowCallConfigSchema,
  outputSchema: WorkflowCallOutputSchema,
  inputPorts: STANDARD_INPUT_PORTS,
  outputPorts: () => OBJECT_OUTPUT_PORTS,
  requiredCapabilities: noCapabilities,
  runsOn: 'coordinator',
  subWorkflowField: SUB_WORKFLOW_FIELD,
};
