import type { NodeDefinition } from '@runtime-hub/protocol';
import { z } from 'zod';
import { CAPABILITY_FILE } from '../../capabilities';
import { DEFAULT_FILE_READ_MAX_BYTES } from '../../node-defaults';
import { OBJECT_OUTPUT_PORTS, STANDARD_INPUT_PORTS } from '../node-ports';
import { DefaultedFileEncodingSchema } from './file-encoding.schema';

export const FileReadConfigSchema = z.strictObject({
  path: z.string().min(1).describe('File to read.'),
  encoding: DefaultedFileEncodingSchema,
  maxBytes: z
    .number()
    .int()
    .min(1)
    .default(DEFAULT_FILE_READ_MAX_BYTES)
    .describe(`Largest file accepted (default ${DEFAULT_FILE_READ_MAX_BYTES} bytes); a larger one fails the node, it is never cut short.`),
});
export type FileReadConfig = z.infer<typeof FileReadConfigSchema>;

export const FileReadOutputSchema = z.object({
  path: z.string().describe('The absolute path read.'),
  content: z.string().describe('Text, or base64 with encoding base64.'),
  size: z.number().int().min(0).describe('Size in bytes.'),
});
export type FileReadOutput = z.infer<typeof FileReadOutputSchema>;

export const fileReadDefinition: NodeDefinition<FileReadConfig> = {
  type: 'file.read',
  version: 1,
  category: 'file',
  description: 'Reads a file as text or base64.',
  configSchema: FileReadConfigSchema,
  outputSchema: FileReadOutputSchema,
  inputPorts: STANDARD_INPUT_PORTS,
  outputPorts: () => OBJECT_OUTPUT_PORTS,
  requiredCapabilities: () => [CAPABILITY_FILE],
  runsOn: 'agent',
};
