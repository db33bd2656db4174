import type { NodeDefinition } from '@runtime-hub/protocol';
import { z } from 'zod';
import { SHELL_KINDS, shellCapability } from '../../capabilities';
import { DEFAULT_OK_EXIT_CODES } from '../../node-defaults';
import { OBJECT_OUTPUT_PORTS, STANDARD_INPUT_PORTS } from '../node-ports';

export const ShellKindSchema = z.enum(SHELL_KINDS);

export const ShellConfigSchema = z.strictObject({
  shell: ShellKindSchema.describe('Which shell runs the script; the agent must allow it (capability shell:<name>).'),
  script: z
    .string()
    .min(1)
    .describe('The script. PowerShell gets it through -EncodedCommand, so no quoting can break it.'),
  cwd: z.string().min(1).optional().describe("Working directory; absent: the agent's."),
  env: z
    .record(z.string(), z.string())
    .optional()
    .describe("Variables added to the environment: the safe way to hand values to the script."),
  okExitCodes: z
    .array(z.number().int())
    .min(1)
    .default(() => [...DEFAULT_OK_EXIT_CODES])
    .describe('Exit codes that count as success (default [0]); any other fails the node.'),
});
export type ShellConfig = z.infer<typeof ShellConfigSchema>;

export const ShellOutputSchema = z.object({
  exitCode: z.number().int(),
  stdout: z.string(),
  stderr: z.string(),
});
export type ShellOutput = z.infer<typeof ShellOutputSchema>;

export const shellDefinition: NodeDefinition<ShellConfig> = {
  type: 'shell',
  version: 1,
  category: 'shell',
  description: 'Runs a script in PowerShell, pwsh, cmd, sh or bash and captures its output.',
  configSchema: ShellConfigSchema,
  outputSchema: ShellOutputSchema,
  inputPorts: STANDARD_INPUT_PORTS,
  outputPorts: () => OBJECT_OUTPUT_PORTS,
  requiredCapabilities: (config: ShellConfig) => [shellCapability(config.shell)],
  runsOn: 'agent',
};
