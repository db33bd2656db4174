import { rm, rmdir, unlink } from 'node:fs/promises';
import type { FileDeleteConfig, FileDeleteOutput } from '../../definitions/file/file-delete.definition';
import { NonRetryableError } from '../../errors/non-retryable.error';
import { toIoFailure } from '../../errors/io-failure';
import { systemErrorCode } from '../../errors/error-shape';
import type { Executor } from '../executor';
import { lstatOrUndefined } from './file-paths';

/**
 * Deletes a file, an empty directory, or with `recursive` a directory and all it holds. A
 * link is deleted itself, never what it points to. Nothing there fails the node unless
 * `missingOk` (then `deleted: false`).
 */
export const fileDeleteExecutor: Executor<FileDeleteConfig, FileDeleteOutput> = async (ctx) => {
  const { config } = ctx;
  const path = await ctx.paths.check(config.path, 'tree');
  const entry = await lstatOrUndefined(path, 'inspect');
  if (entry === undefined) {
    if (config.missingOk) return { output: { path, deleted: false } };
    throw new NonRetryableError('IO_ERROR', `cannot delete ${path}: nothing is there (set missingOk: true to accept that)`, {
      details: { path, errno: 'ENOENT' },
    });
  }
  try {
    if (!entry.isDirectory()) await unlink(path);
    else if (config.recursive) await rm(path, { recursive: true });
    else await rmdir(path);
  } catch (error) {
    if (systemErrorCode(error) === 'ENOTEMPTY' || systemErrorCode(error) === 'EEXIST') {
      throw new NonRetryableError('IO_ERROR', `cannot delete ${path}: the directory is not empty (set recursive: true to delete its content)`, {
        details: { path, errno: 'ENOTEMPTY' },
        cause: error,
      });
    }
    if (systemErrorCode(error) === 'ENOENT' && config.missingOk) return { output: { path, deleted: false } };
    throw toIoFailure(error, 'delete', path);
  }
  return { output: { path, deleted: true } };
};
