import { ERROR_PORT, type NodeDefinition, type PortDefinition } from '@runtime-hub/protocol';
import { z } from 'zod';
import { STANDARD_INPUT_PORTS, noCapabilities } from '../node-ports';

/** Fired when no case matches. */
export const SWITCH_DEFAULT_PORT = 'default';

/** Port names a case may not take: they already mean something else. */
const RESERVED_CASE_NAMES: readonly string[] = [SWITCH_DEFAULT_PORT, ERROR_PORT];

export const SwitchConfigSchema = z.strictObject({
  expression: z
    .string()
    .min(1)
    .describe('JSONata expression over { inputs, nodes, run }; its result, as a string, picks the case.'),
  cases: z
    .array(z.string().min(1))
    .min(1, 'a switch needs at least one case')
    .describe('Case values; each one is also the name of the output port fired when the result equals it.')
    .superRefine((cases, ctx) => {
      const seen = new Set<string>();
      cases.forEach((name, index) => {
        if (seen.has(name)) ctx.addIssue({ code: 'custom', message: `case "${name}" is listed twice`, path: [index] });
        if (RESERVED_CASE_NAMES.includes(name)) {
          ctx.addIssue({ code: 'custom', message: `"${name}" is a reserved port name and cannot be a case`, path: [index] });
        }
        seen.add(name);
      });
    }),
});
export type SwitchConfig = z.infer<typeof SwitchConfigSchema>;

export const SwitchOutputSchema = z.object({
  value: z.unknown().describe('The expression result.'),
  port: z.string().describe('The port fired: the matching case, or `default`.'),
});
export type SwitchOutput = z.infer<typeof SwitchOutputSchema>;

export const switchDefinition: NodeDefinition<SwitchConfig> = {
  type: 'switch',
  version: 1,
  category: 'control',
  description: 'Branches on a JSONata expression: fires the port of the matching case, else `default`.',
  configSchema: SwitchConfigSchema,
  outputSchema: SwitchOutputSchema,
  inputPorts: STANDARD_INPUT_PORTS,
  outputPorts: (config: SwitchConfig): readonly PortDefinition[] => [
    ...config.cases.map((name): PortDefinition => ({ name, type: 'object', description: `Fired when the result is "${name}".` })),
    { name: SWITCH_DEFAULT_PORT, type: 'object', description: 'Fired when no case matches.' },
  ],
  requiredCapabilities: noCapabilities,
  runsOn: 'agent',
  decidedWhenUntargeted: true,
  expressionFields: ['expression'],
};
