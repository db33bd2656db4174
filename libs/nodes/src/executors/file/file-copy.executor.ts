import { copyFile, cp, stat } from 'node:fs/promises';
import type { FileCopyConfig, FileCopyOutput } from '../../definitions/file/file-copy.definition';
import { toIoFailure } from '../../errors/io-failure';
import type { Executor } from '../executor';
import { replaceAtomically } from './atomic-replace';

/**
 * Copies a file, or a directory with all it holds, to a temporary sibling of the destination
 * first, then renames it into place: a reader never sees a half-copied file, and a failed copy
 * leaves the destination as it was. Without `overwrite` an existing destination fails the node.
 */
export const fileCopyExecutor: Executor<FileCopyConfig, FileCopyOutput> = async (ctx) => {
  const from = await ctx.paths.check(ctx.config.from, 'tree');
  const to = await ctx.paths.check(ctx.config.to, 'tree');
  const source = await stat(from).catch((error: unknown) => {
    throw toIoFailure(error, 'copy', from);
  });
  await copyEntry(from, to, source.isDirectory(), ctx.config.overwrite);
  return { output: { from, to } };
};

/** Shared with `file.move` across volumes. */
export async function copyEntry(from: string, to: string, isDirectory: boolean, overwrite: boolean): Promise<void> {
  await replaceAtomically(to, { overwrite, sourceIsDirectory: isDirectory }, async (tempPath) => {
    if (isDirectory) await cp(from, tempPath, { recursive: true, errorOnExist: true, force: false, preserveTimestamps: true });
    else await copyFile(from, tempPath);
  });
}
