import type { NodeDefinition } from '@runtime-hub/protocol';
import { z } from 'zod';
import { CAPABILITY_FILE } from '../../capabilities';
import { OBJECT_OUTPUT_PORTS, STANDARD_INPUT_PORTS } from '../node-ports';

export const FileExistsConfigSchema = z.strictObject({
  path: z.string().min(1).describe('Path to look at.'),
});
export type FileExistsConfig = z.infer<typeof FileExistsConfigSchema>;

export const FileExistsOutputSchema = z.object({
  exists: z.boolean(),
  isFile: z.boolean(),
  isDirectory: z.boolean(),
});
export type FileExistsOutput = z.infer<typeof FileExistsOutputSchema>;

export const fileExistsDefinition: NodeDefinition<FileExistsConfig> = {
  type: 'file.exists',
  version: 1,
  category: 'file',
  description: 'Tells whether a path exists and whether it is a file or a directory.',
  configSchema: FileExistsConfigSchema,
  outputSchema: FileExistsOutputSchema,
  inputPorts: STANDARD_INPUT_PORTS,
  outputPorts: () => OBJECT_OUTPUT_PORTS,
  requiredCapabilities: () => [CAPABILITY_FILE],
  runsOn: 'agent',
};
