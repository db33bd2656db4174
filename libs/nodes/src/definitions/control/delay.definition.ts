import type { NodeDefinition } from '@runtime-hub/protocol';
import { z } from 'zod';
import { MAX_DELAY_MS } from '../../node-defaults';
import { OBJECT_OUTPUT_PORTS, STANDARD_INPUT_PORTS, noCapabilities } from '../node-ports';

export const DelayConfigSchema = z.strictObject({
  ms: z
    .number()
    .int()
    .min(0)
    .max(MAX_DELAY_MS)
    .describe(`Milliseconds to wait, at most ${MAX_DELAY_MS} (one hour).`),
});
export type DelayConfig = z.infer<typeof DelayConfigSchema>;

export const DelayOutputSchema = z.object({
  waitedMs: z.number().int().min(0).describe('Milliseconds actually waited.'),
});
export type DelayOutput = z.infer<typeof DelayOutputSchema>;

export const delayDefinition: NodeDefinition<DelayConfig> = {
  type: 'delay',
  version: 1,
  category: 'control',
  description: 'Waits a number of milliseconds, then continues.',
  configSchema: DelayConfigSchema,
  outputSchema: DelayOutputSchema,
  inputPorts: STANDARD_INPUT_PORTS,
  outputPorts: () => OBJECT_OUTPUT_PORTS,
  requiredCapabilities: noCapabilities,
  runsOn: 'agent',
};
