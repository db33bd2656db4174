import type { NodeDefinition, PortDefinition } from '@runtime-hub/protocol';
import { z } from 'zod';
import { STANDARD_INPUT_PORTS, noCapabilities } from '../node-ports';

export const CONDITION_TRUE_PORT = 'true';
export const CONDITION_FALSE_PORT = 'false';

export const ConditionConfigSchema = z.strictObject({
  expression: z
    .string()
    .min(1)
    .describe('JSONata expression over { inputs, nodes, run }; a truthy result fires `true`, any other `false`.'),
});
export type ConditionConfig = z.infer<typeof ConditionConfigSchema>;

export const ConditionOutputSchema = z.object({
  value: z.boolean().describe('The expression result, as a boolean (JSONata $boolean rules).'),
});
export type ConditionOutput = z.infer<typeof ConditionOutputSchema>;

const CONDITION_PORTS: readonly PortDefinition[] = [
  { name: CONDITION_TRUE_PORT, type: 'object', description: 'Fired when the expression holds.' },
  { name: CONDITION_FALSE_PORT, type: 'object', description: 'Fired when it does not.' },
];

export const conditionDefinition: NodeDefinition<ConditionConfig> = {
  type: 'condition',
  version: 1,
  category: 'control',
  description: 'Branches on a JSONata expression: fires `true` or `false`.',
  configSchema: ConditionConfigSchema,
  outputSchema: ConditionOutputSchema,
  inputPorts: STANDARD_INPUT_PORTS,
  outputPorts: () => CONDITION_PORTS,
  requiredCapabilities: noCapabilities,
  runsOn: 'agent',
  decidedWhenUntargeted: true,
  expressionFields: ['expression'],
};
