import { stat } from 'node:fs/promises';
import type { FileExistsConfig, FileExistsOutput } from '../../definitions/file/file-exists.definition';
import { toIoFailure } from '../../errors/io-failure';
import { systemErrorCode } from '../../errors/error-shape';
import type { Executor } from '../executor';

/**
 * Whether something is at the path, following links (a dangling link does not exist). A path
 * through a file (`a.txt/b`) does not exist either; only errors that hide the answer
 * (permission denied) fail the node.
 */
export const fileExistsExecutor: Executor<FileExistsConfig, FileExistsOutput> = async (ctx) => {
  const path = await ctx.paths.check(ctx.config.path, 'entry');
  try {
    const stats = await stat(path);
    return { output: { exists: true, isFile: stats.isFile(), isDirectory: stats.isDirectory() } };
  } catch (error) {
    const code = systemErrorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return { output: { exists: false, isFile: false, isDirectory: false } };
    throw toIoFailure(error, 'inspect', path);
  }
};
