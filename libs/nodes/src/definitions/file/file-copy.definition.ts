import type { NodeDefinition } from '@runtime-hub/protocol';
import { z } from 'zod';
import { CAPABILITY_FILE } from '../../capabilities';
import { OBJECT_OUTPUT_PORTS, STANDARD_INPUT_PORTS } from '../node-ports';

export const FileCopyConfigSchema = z.strictObject({
  from: z.string().min(1).describe('File or directory to copy; a directory is copied with all it holds.'),
  to: z.string().min(1).describe('Destination path.'),
  overwrite: z.boolean().default(false).describe('Replace what is at the destination; otherwise an existing one fails the node.'),
});
export type FileCopyConfig = z.infer<typeof FileCopyConfigSchema>;

export const FileCopyOutputSchema = z.object({
  from: z.string().describe('The absolute source path.'),
  to: z.string().describe('The absolute destination path.'),
});
export type FileCopyOutput = z.infer<typeof FileCopyOutputSchema>;

export const fileCopyDefinition: NodeDefinition<FileCopyConfig> = {
  type: 'file.copy',
  version: 1,
  category: 'file',
  description: 'Copies a file or a directory tree.',
  configSchema: FileCopyConfigSchema,
  outputSchema: FileCopyOutputSchema,
  inputPorts: STANDARD_INPUT_PORTS,
  outputPorts: () => OBJECT_OUTPUT_PORTS,
  requiredCapabilities: () => [CAPABILITY_FILE],
  runsOn: 'agent',
};
