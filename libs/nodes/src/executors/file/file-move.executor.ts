import { rename, rm, stat } from 'node:fs/promises';
import type { FileMoveConfig, FileMoveOutput } from '../../definitions/file/file-move.definition';
import { NonRetryableError } from '../../errors/non-retryable.error';
import { toIoFailure } from '../../errors/io-failure';
import { systemErrorCode } from '../../errors/error-shape';
import type { Executor } from '../executor';
import { copyEntry } from './file-copy.executor';
import { lstatOrUndefined } from './file-paths';

/**
 * Moves a file or a directory. On one volume it is a rename: instant and atomic. Across
 * volumes (EXDEV) it is a copy to a temporary sibling of the destination, renamed into place,
 * then the source is deleted. Without `overwrite` an existing destination fails the node; with
 * it, a file replaces a file in one step, and anything involving a directory is removed first.
 */
export const fileMoveExecutor: Executor<FileMoveConfig, FileMoveOutput> = async (ctx) => {
  const from = await ctx.paths.check(ctx.config.from, 'tree');
  const to = await ctx.paths.check(ctx.config.to, 'tree');
  const source = await stat(from).catch((error: unknown) => {
    throw toIoFailure(error, 'move', from);
  });
  const existing = await lstatOrUndefined(to, 'inspect');
  if (existing !== undefined && !ctx.config.overwrite) {
    throw new NonRetryableError('IO_ERROR', `${to} already exists (set overwrite: true to replace it)`, { details: { path: to, errno: 'EEXIST' } });
  }
  try {
    if (existing !== undefined && (existing.isDirectory() || source.isDirectory())) await rm(to, { recursive: true, force: true });
    await rename(from, to);
  } catch (error) {
    if (systemErrorCode(error) !== 'EXDEV') throw toIoFailure(error, `move ${from} to`, to);
    await copyEntry(from, to, source.isDirectory(), true);
    await rm(from, { recursive: true, force: true }).catch((removeError: unknown) => {
      throw toIoFailure(removeError, 'remove the moved source', from);
    });
  }
  return { output: { from, to } };
};
