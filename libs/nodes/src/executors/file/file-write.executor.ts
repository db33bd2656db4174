import { chmod, mkdir, open, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { FileWriteConfig, FileWriteOutput } from '../../definitions/file/file-write.definition';
import { NonRetryableError } from '../../errors/non-retryable.error';
import { toIoFailure } from '../../errors/io-failure';
import type { Executor } from '../executor';
import { replaceAtomically } from './atomic-replace';
import { lstatOrUndefined } from './file-paths';

/** Canonical base64, optionally padded; whitespace is removed before the check. */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Writes a file.
 *
 * Replace (the default) is atomic: the content goes to a temporary file beside the target,
 * is flushed to disk (fsync), then renamed over the target. A reader sees the old content or
 * the new, never a part; a crash mid-write leaves the old file intact. An existing file's
 * permission bits are kept.
 *
 * Append adds the content at the end of the file in place (opened in append mode, then
 * fsync), which is what a log or a CSV needs: other processes appending to the same file
 * lose nothing. It is not atomic for readers, who may see the end of a long append arrive in
 * pieces, and a retried attempt appends again (branch on `attempt` if that matters).
 */
export const fileWriteExecutor: Executor<FileWriteConfig, FileWriteOutput> = async (ctx) => {
  const { config } = ctx;
  const path = await ctx.paths.check(config.path, 'entry');
  const data = contentBytes(config);
  if (config.createDirs) {
    await mkdir(dirname(path), { recursive: true }).catch((error: unknown) => {
      throw toIoFailure(error, 'create the directory of', path);
    });
  }
  ctx.signal.throwIfAborted();
  if (config.append) await appendInPlace(path, data);
  else await writeAtomically(path, data);
  const size = await stat(path).then(
    (stats) => stats.size,
    (error: unknown) => {
      throw toIoFailure(error, 'inspect', path);
    },
  );
  return { output: { path, size } };
};

function contentBytes(config: FileWriteConfig): Buffer {
  if (config.encoding === 'utf8') return Buffer.from(config.content, 'utf8');
  const compact = config.content.replace(/\s+/g, '');
  if (!BASE64.test(compact) || compact.length % 4 === 1) {
    throw new NonRetryableError('CONFIG_INVALID', 'config.content: not valid base64', { details: { path: 'config.content' } });
  }
  return Buffer.from(compact, 'base64');
}

async function writeAtomically(path: string, data: Buffer): Promise<void> {
  const existing = await lstatOrUndefined(path, 'inspect');
  if (existing?.isDirectory() === true) {
    throw new NonRetryableError('IO_ERROR', `cannot write ${path}: it is a directory`, { details: { path } });
  }
  await replaceAtomically(path, { overwrite: true, sourceIsDirectory: false }, async (tempPath) => {
    const handle = await open(tempPath, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (existing !== undefined) await chmod(tempPath, existing.mode);
  });
  await syncDirectory(dirname(path));
}

async function appendInPlace(path: string, data: Buffer): Promise<void> {
  try {
    const handle = await open(path, 'a');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw toIoFailure(error, 'append to', path);
  }
}

/**
 * Makes the rename itself durable (POSIX: the directory entry lives in the directory's
 * data). Windows cannot open a directory this way, and NTFS journals the rename anyway, so a
 * failure here is not one of the write.
 */
async function syncDirectory(directory: string): Promise<void> {
  try {
    const handle = await open(directory, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not supported on this platform or file system: the rename stands.
  }
}
