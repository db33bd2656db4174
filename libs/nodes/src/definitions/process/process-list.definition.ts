import type { NodeDefinition } from '@runtime-hub/protocol';
import { z } from 'zod';
import { CAPABILITY_PROCESS } from '../../capabilities';
import { OBJECT_OUTPUT_PORTS, STANDARD_INPUT_PORTS } from '../node-ports';

export const ProcessListConfigSchema = z.strictObject({
  filter: z
    .string()
    .min(1)
    .optional()
    .describe('Only processes whose name contains this text, ignoring case. Absent: all of them.'),
});
export type ProcessListConfig = z.infer<typeof ProcessListConfigSchema>;

/** One running process; platforms may add fields beyond these. */
export const ProcessInfoSchema = z.looseObject({
  pid: z.number().int(),
  name: z.string().describe('Image name, like notepad.exe.'),
  parentPid: z.number().int().optional(),
});
export type ProcessInfo = z.infer<typeof ProcessInfoSchema>;

export const ProcessListOutputSchema = z.object({
  count: z.number().int().min(0),
  processes: z.array(ProcessInfoSchema),
});
export type ProcessListOutput = z.infer<typeof ProcessListOutputSchema>;

export const processListDefinition: NodeDefinition<ProcessListConfig> = {
  type: 'process.list',
  version: 1,
  category: 'process',
  description: 'Lists running processes, optionally only those whose name contains a text.',
  configSchema: ProcessListConfigSchema,
  outputSchema: ProcessListOutputSchema,
  inputPorts: STANDARD_INPUT_PORTS,
  outputPorts: () => OBJECT_OUTPUT_PORTS,
  requiredCapabilities: () => [CAPABILITY_PROCESS],
  runsOn: 'agent',
};
