import { rename, rm } from 'node:fs/promises';
import { NonRetryableError } from '../../errors/non-retryable.error';
import { toIoFailure } from '../../errors/io-failure';
import { lstatOrUndefined, tempSiblingPath } from './file-paths';

export interface ReplaceOptions {
  /** Replace what is already at the destination; otherwise its presence fails the node. */
  readonly overwrite: boolean;
  /** The source is a directory (a rename cannot put one over an existing entry). */
  readonly sourceIsDirectory: boolean;
}

/**
 * Puts new content at `destination` without anyone ever seeing it half-made: `produce`
 * writes a temporary sibling, which is then renamed over the destination. A file replaces a
 * file in one step; where a directory is involved the old entry is removed just before the
 * rename (a rename cannot replace a directory). The temporary entry is removed on failure.
 */
export async function replaceAtomically(destination: string, options: ReplaceOptions, produce: (tempPath: string) => Promise<void>): Promise<void> {
  const existing = await lstatOrUndefined(destination, 'inspect');
  if (existing !== undefined && !options.overwrite) {
    throw new NonRetryableError('IO_ERROR', `${destination} already exists (set overwrite: true to replace it)`, {
      details: { path: destination, errno: 'EEXIST' },
    });
  }
  const tempPath = tempSiblingPath(destination);
  try {
    await produce(tempPath);
    if (existing !== undefined && (existing.isDirectory() || options.sourceIsDirectory)) {
      await rm(destination, { recursive: true, force: true });
    }
    await rename(tempPath, destination);
  } catch (error) {
    await rm(tempPath, { recursive: true, force: true }).catch(() => undefined);
    if (error instanceof NonRetryableError) throw error;
    throw toIoFailure(error, 'write', destination);
  }
}
