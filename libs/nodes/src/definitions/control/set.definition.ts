import type { NodeDefinition, PortDefinition } from '@runtime-hub/protocol';
import { z } from 'zod';
import { STANDARD_INPUT_PORTS, noCapabilities, outPort } from '../node-ports';

export const SetConfigSchema = z.strictObject({
  values: z
    .record(z.string(), z.unknown())
    .describe('The output, key by key; string values may hold {{ }} templates. `{}` makes the node a no-op.'),
});
export type SetConfig = z.infer<typeof SetConfigSchema>;

/** The values themselves, templates resolved. */
export const SetOutputSchema = z.record(z.string(), z.unknown());
export type SetOutput = z.infer<typeof SetOutputSchema>;

/** `any`: what `set` builds has whatever shape the author gives it. */
const SET_PORTS: readonly PortDefinition[] = [outPort('any')];

export const setDefinition: NodeDefinition<SetConfig> = {
  type: 'set',
  version: 1,
  category: 'control',
  description: 'Builds values from templates and outputs them; with no values, a no-op.',
  configSchema: SetConfigSchema,
  outputSchema: SetOutputSchema,
  inputPorts: STANDARD_INPUT_PORTS,
  outputPorts: () => SET_PORTS,
  requiredCapabilities: noCapabilities,
  runsOn: 'agent',
  decidedWhenUntargeted: true,
};
