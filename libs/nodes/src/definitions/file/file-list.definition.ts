import type { NodeDefinition } from '@runtime-hub/protocol';
import { z } from 'zod';
import { CAPABILITY_FILE } from '../../capabilities';
import { OBJECT_OUTPUT_PORTS, STANDARD_INPUT_PORTS } from '../node-ports';

export const FileListConfigSchema = z.strictObject({
  path: z.string().min(1).describe('Directory to list.'),
  pattern: z
    .string()
    .min(1)
    .optional()
    .describe('Glob on the entry name, like *.log (* any run of characters, ? one); case-insensitive. Absent: every entry.'),
  recursive: z.boolean().default(false).describe('List subdirectories too, to any depth.'),
});
export type FileListConfig = z.infer<typeof FileListConfigSchema>;

export const FileEntrySchema = z.object({
  path: z.string().describe('Absolute path.'),
  name: z.string().describe('Entry name, without directories.'),
  size: z.number().int().min(0).describe('Size in bytes; 0 for a directory.'),
  modifiedAt: z.string().describe('Last modification, ISO 8601 UTC.'),
  isDirectory: z.boolean(),
});
export type FileEntry = z.infer<typeof FileEntrySchema>;

export const FileListOutputSchema = z.object({
  count: z.number().int().min(0),
  files: z.array(FileEntrySchema),
});
export type FileListOutput = z.infer<typeof FileListOutputSchema>;

export const fileListDefinition: NodeDefinition<FileListConfig> = {
  type: 'file.list',
  version: 1,
  category: 'file',
  description: 'Lists the entries of a directory, optionally matching a glob and recursively.',
  configSchema: FileListConfigSchema,
  outputSchema: FileListOutputSchema,
  inputPorts: STANDARD_INPUT_PORTS,
  outputPorts: () => OBJECT_OUTPUT_PORTS,
  requiredCapabilities: () => [CAPABILITY_FILE],
  runsOn: 'agent',
};
