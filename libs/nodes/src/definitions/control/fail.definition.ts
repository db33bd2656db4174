import type { NodeDefinition, PortDefinition } from '@runtime-hub/protocol';
import { z } from 'zod';
import { STANDARD_INPUT_PORTS, noCapabilities } from '../node-ports';

export const FailConfigSchema = z.strictObject({
  message: z.string().min(1).describe('Why the run fails; may hold {{ }} templates. Shown as the node error.'),
  code: z.string().min(1).optional().describe('A short machine-readable code for the failure, like HEALTH_CHECK_FAILED.'),
});
export type FailConfig = z.infer<typeof FailConfigSchema>;

/** `fail` never succeeds, so it never has an output. */
export const FailOutputSchema = z.never();
export type FailOutput = z.infer<typeof FailOutputSchema>;

/** No `out`: only the implicit `error` port can leave a `fail` node. */
const FAIL_PORTS: readonly PortDefinition[] = [];

export const failDefinition: NodeDefinition<FailConfig> = {
  type: 'fail',
  version: 1,
  category: 'control',
  description: 'Fails with the given message (and code); never succeeds, never retried.',
  configSchema: FailConfigSchema,
  outputSchema: FailOutputSchema,
  inputPorts: STANDARD_INPUT_PORTS,
  outputPorts: () => FAIL_PORTS,
  requiredCapabilities: noCapabilities,
  runsOn: 'agent',
  decidedWhenUntargeted: true,
};
