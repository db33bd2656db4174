import type { NodeDefinition } from '@runtime-hub/protocol';
import { z } from 'zod';
import { CAPABILITY_FILE } from '../../capabilities';
import { OBJECT_OUTPUT_PORTS, STANDARD_INPUT_PORTS } from '../node-ports';
import { DefaultedFileEncodingSchema } from './file-encoding.schema';

export const FileWriteConfigSchema = z.strictObject({
  path: z.string().min(1).describe('File to write.'),
  content: z.string().describe('Text, or base64 with encoding base64.'),
  encoding: DefaultedFileEncodingSchema,
  append: z.boolean().default(false).describe('Add to the end of the file instead of replacing it.'),
  createDirs: z.boolean().default(false).describe('Create missing parent directories.'),
});
export type FileWriteConfig = z.infer<typeof FileWriteConfigSchema>;

export const FileWriteOutputSchema = z.object({
  path: z.string().describe('The absolute path written.'),
  size: z.number().int().min(0).describe('Size of the file afterwards, in bytes.'),
});
export type FileWriteOutput = z.infer<typeof FileWriteOutputSchema>;

export const fileWriteDefinition: NodeDefinition<FileWriteConfig> = {
  type: 'file.write',
  version: 1,
  category: 'file',
  description: 'Writes a file atomically: to a temporary file beside it, then renamed over it.',
  configSchema: FileWriteConfigSchema,
  outputSchema: FileWriteOutputSchema,
  inputPorts: STANDARD_INPUT_PORTS,
  outputPorts: () => OBJECT_OUTPUT_PORTS,
  requiredCapabilities: () => [CAPABILITY_FILE],
  runsOn: 'agent',
};
