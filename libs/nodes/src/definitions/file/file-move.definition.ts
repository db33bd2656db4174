import type { NodeDefinition } from '@runtime-hub/protocol';
import { z } from 'zod';
import { CAPABILITY_FILE } from '../../capabilities';
import { OBJECT_OUTPUT_PORTS, STANDARD_INPUT_PORTS } from '../node-ports';

export const FileMoveConfigSchema = z.strictObject({
  from: z.string().min(1).describe('File or directory to move.'),
  to: z.string().min(1).describe('Destination path; may be on another volume.'),
  overwrite: z.boolean().default(false).describe('Replace what is at the destination; otherwise an existing one fails the node.'),
});
export type FileMoveConfig = z.infer<typeof FileMoveConfigSchema>;

export const FileMoveOutputSchema = z.object({
  from: z.string().describe('The absolute source path.'),
  to: z.string().describe('The absolute destination path.'),
});
export type FileMoveOutput = z.infer<typeof FileMoveOutputSchema>;

export const fileMoveDefinition: NodeDefinition<FileMoveConfig> = {
  type: 'file.move',
  version: 1,
  category: 'file',
  description: 'Moves or renames a file or a directory.',
  configSchema: FileMoveConfigSchema,
  outputSchema: FileMoveOutputSchema,
  inputPorts: STANDARD_INPUT_PORTS,
  outputPorts: () => OBJECT_OUTPUT_PORTS,
  requiredCapabilities: () => [CAPABILITY_FILE],
  runsOn: 'agent',
};
