import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { FileEntry, FileListConfig, FileListOutput } from '../../definitions/file/file-list.definition';
import { NonRetryableError } from '../../errors/non-retryable.error';
import { OutputTooLargeError } from '../../errors/output-too-large.error';
import { toIoFailure } from '../../errors/io-failure';
import { errorMessage, systemErrorCode } from '../../errors/error-shape';
import type { ExecutionContext, Executor } from '../executor';
import { compileGlob, type GlobMatcher } from './glob.pattern';

/** JSON bytes of the `{"count":N,"files":[]}` wrapper around the entries, generously. */
const LIST_WRAPPER_BYTES = 64;

/**
 * Lists a directory: every entry whose name matches `pattern` (all without one), files and
 * directories alike, sorted by path. With `recursive` it descends into every subdirectory
 * (matching or not), never through links, so a link loop cannot trap it. A subdirectory that
 * cannot be read (Windows: `System Volume Information`) is skipped with a log line. The walk
 * stops as soon as its result could no longer fit the output limit, rather than walking a
 * whole volume only to be refused. A directory this host keeps from nodes (its data directory)
 * shows as an entry of its parent but is not entered.
 */
export const fileListExecutor: Executor<FileListConfig, FileListOutput> = async (ctx) => {
  const { config } = ctx;
  const root = await ctx.paths.check(config.path, 'entry');
  const rootEntry = await lstat(root).catch((error: unknown) => {
    throw toIoFailure(error, 'list', root);
  });
  if (!rootEntry.isDirectory()) throw new NonRetryableError('IO_ERROR', `cannot list ${root}: it is not a directory`, { details: { path: root } });

  const matches: GlobMatcher = config.pattern === undefined ? () => true : compileGlob(config.pattern, { caseInsensitive: true });
  const files: FileEntry[] = [];
  let outputBytes = LIST_WRAPPER_BYTES;
  const pending = [root];
  for (let directory = pending.pop(); directory !== undefined; directory = pending.pop()) {
    ctx.signal.throwIfAborted();
    const names = await readDirectory(directory, directory === root, ctx);
    for (const name of names) {
      const path = join(directory, name);
      const stats = await lstat(path).catch(() => undefined);
      // Gone between readdir and lstat: it is not there any more.
      if (stats === undefined) continue;
      if (config.recursive && stats.isDirectory()) await descendInto(path, ctx, pending);
      if (!matches(name)) continue;
      const entry: FileEntry = {
        path,
        name,
        size: stats.isDirectory() ? 0 : stats.size,
        modifiedAt: stats.mtime.toISOString(),
        isDirectory: stats.isDirectory(),
      };
      outputBytes += Buffer.byteLength(JSON.stringify(entry), 'utf8') + 1;
      if (outputBytes > ctx.maxOutputBytes) {
        throw new OutputTooLargeError(outputBytes, ctx.maxOutputBytes, `the listing of ${root}`, { sizeIsLowerBound: true });
      }
      files.push(entry);
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { output: { count: files.length, files } };
};

/** A directory the host keeps from nodes (the agent's data directory) is listed, never entered. */
async function descendInto(directory: string, ctx: ExecutionContext<FileListConfig>, pending: string[]): Promise<void> {
  if (await ctx.paths.mayEnter(directory)) pending.push(directory);
  else ctx.log('system', `skipped ${directory}: this host keeps it from nodes`);
}

async function readDirectory(directory: string, isRoot: boolean, ctx: ExecutionContext<FileListConfig>): Promise<string[]> {
  try {
    return await readdir(directory);
  } catch (error) {
    if (isRoot) throw toIoFailure(error, 'list', directory);
    ctx.log('system', `skipped ${directory}: ${systemErrorCode(error) ?? errorMessage(error)}`);
    return [];
  }
}
