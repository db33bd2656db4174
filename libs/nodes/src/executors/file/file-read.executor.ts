import { open } from 'node:fs/promises';
import type { FileReadConfig, FileReadOutput } from '../../definitions/file/file-read.definition';
import { NonRetryableError } from '../../errors/non-retryable.error';
import { OutputTooLargeError } from '../../errors/output-too-large.error';
import { toIoFailure } from '../../errors/io-failure';
import type { Executor } from '../executor';
import { decodeText } from './text-decoding';

/** Bytes read per call: large enough to be fast, small enough to stay responsive to a cancel. */
const READ_CHUNK_BYTES = 1024 * 1024;

/**
 * Reads a whole file as text (UTF-8, or UTF-16 when a byte order mark says so) or as base64.
 * A file over `maxBytes` fails the node; it is never cut short. The size is checked before
 * reading, and reading stops one byte past the limit should the file grow meanwhile.
 */
export const fileReadExecutor: Executor<FileReadConfig, FileReadOutput> = async (ctx) => {
  const { config } = ctx;
  const path = await ctx.paths.check(config.path, 'entry');
  const bytes = await readAtMost(path, config.maxBytes, ctx.signal);
  const content = config.encoding === 'base64' ? bytes.toString('base64') : decodeText(bytes);
  return { output: { path, content, size: bytes.length } };
};

async function readAtMost(path: string, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw toIoFailure(error, 'read', path);
  }
  try {
    const stats = await handle.stat();
    if (stats.isDirectory()) throw new NonRetryableError('IO_ERROR', `cannot read ${path}: it is a directory`, { details: { path } });
    if (stats.size > maxBytes) throw new OutputTooLargeError(stats.size, maxBytes, `file ${path}`);
    const chunks: Buffer[] = [];
    let length = 0;
    while (length <= maxBytes) {
      signal.throwIfAborted();
      const chunk = Buffer.alloc(Math.min(READ_CHUNK_BYTES, maxBytes + 1 - length));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      length += bytesRead;
    }
    if (length > maxBytes) throw new OutputTooLargeError(length, maxBytes, `file ${path}`, { sizeIsLowerBound: true });
    return Buffer.concat(chunks, length);
  } catch (error) {
    if (error instanceof NonRetryableError || signal.aborted) throw error;
    throw toIoFailure(error, 'read', path);
  } finally {
    await handle.close();
  }
}
