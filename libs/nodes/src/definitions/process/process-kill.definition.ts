import type { NodeDefinition } from '@runtime-hub/protocol';
import { z } from 'zod';
import { CAPABILITY_PROCESS } from '../../capabilities';
import { DEFAULT_KILL_TREE } from '../../node-defaults';
import { OBJECT_OUTPUT_PORTS, STANDARD_INPUT_PORTS } from '../node-ports';

export const PID_OR_IMAGE_MESSAGE = 'set exactly one of pid (one process) or image (every process of that image name)';

export const ProcessKillConfigSchema = z
  .strictObject({
    pid: z.number().int().min(1).optional().describe('Id of the process to end. Set this or `image`.'),
    image: z.string().min(1).optional().describe('Image name, like notepad.exe: ends every process of that name.'),
    tree: z
      .boolean()
      .default(DEFAULT_KILL_TREE)
      .describe('End the children of each process too (default true), as taskkill /T does.'),
  })
  .refine((config) => (config.pid === undefined) !== (config.image === undefined), { message: PID_OR_IMAGE_MESSAGE });
export type ProcessKillConfig = z.infer<typeof ProcessKillConfigSchema>;

export const ProcessKillOutputSchema = z.object({
  killed: z.number().int().min(0).describe('Processes ended, children included; 0 when none matched.'),
});
export type ProcessKillOutput = z.infer<typeof ProcessKillOutputSchema>;

export const processKillDefinition: NodeDefinition<ProcessKillConfig> = {
  type: 'process.kill',
  version: 1,
  category: 'process',
  description: 'Ends a process by pid, or every process of an image name, with its process tree.',
  configSchema: ProcessKillConfigSchema,
  outputSchema: ProcessKillOutputSchema,
  inputPorts: STANDARD_INPUT_PORTS,
  outputPorts: () => OBJECT_OUTPUT_PORTS,
  requiredCapabilities: () => [CAPABILITY_PROCESS],
  runsOn: 'agent',
};
