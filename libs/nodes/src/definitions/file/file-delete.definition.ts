import type { NodeDefinition } from '@runtime-hub/protocol';
import { z } from 'zod';
import { CAPABILITY_FILE } from '../../capabilities';
import { OBJECT_OUTPUT_PORTS, STANDARD_INPUT_PORTS } from '../node-ports';

export const FileDeleteConfigSchema = z.strictObject({
  path: z.string().min(1).describe('File or directory to delete.'),
  recursive: z.boolean().default(false).describe('Delete a directory with all it holds; otherwise only an empty one.'),
  missingOk: z.boolean().default(false).describe('Succeed when nothing is there; otherwise that fails the node.'),
});
export type FileDeleteConfig = z.infer<typeof FileDeleteConfigSchema>;

export const FileDeleteOutputSchema = z.object({
  path: z.string().describe('The absolute path.'),
  deleted: z.boolean().describe('false when it was already missing (missingOk).'),
});
export type FileDeleteOutput = z.infer<typeof FileDeleteOutputSchema>;

export const fileDeleteDefinition: NodeDefinition<FileDeleteConfig> = {
  type: 'file.delete',
  version: 1,
  category: 'file',
  description: 'Deletes a file, or a directory (recursively when asked).',
  configSchema: FileDeleteConfigSchema,
  outputSchema: FileDeleteOutputSchema,
  inputPorts: STANDARD_INPUT_PORTS,
  outputPorts: () => OBJECT_OUTPUT_PORTS,
  requiredCapabilities: () => [CAPABILITY_FILE],
  runsOn: 'agent',
};
