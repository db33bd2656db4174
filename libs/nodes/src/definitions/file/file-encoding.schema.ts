import { z } from 'zod';
import { DEFAULT_FILE_ENCODING } from '../../node-defaults';

/** `utf8`: the content is text. `base64`: the content is the file's bytes, base64-encoded. */
export const FileEncodingSchema = z.enum(['utf8', 'base64']);
export type FileEncoding = z.infer<typeof FileEncodingSchema>;

export const DefaultedFileEncodingSchema = FileEncodingSchema.default(DEFAULT_FILE_ENCODING).describe(
  'utf8 for text (default); base64 for binary content.',
);
