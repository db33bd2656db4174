import { randomBytes } from 'node:crypto';
import { lstat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Stats } from 'node:fs';
import { toIoFailure } from '../../errors/io-failure';
import { systemErrorCode } from '../../errors/error-shape';

/**
 * A config path made absolute. Relative paths resolve against the agent's working directory,
 * as in a shell started by the agent; outputs always name the absolute path.
 */
export function absolutePath(path: string): string {
  return resolve(path);
}

/** Random hex characters in a temporary name: two writers of one file never collide. */
const TEMP_NAME_RANDOM_BYTES = 6;

/**
 * A temporary name beside `path`, in the same directory, hence on the same volume: a rename
 * from it replaces `path` in one step. The leading dot hides it from most listings; the
 * suffix tells what left it there should the agent die mid-write.
 */
export function tempSiblingPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${randomBytes(TEMP_NAME_RANDOM_BYTES).toString('hex')}.rh-tmp`);
}

/** The path's own entry (a link itself, not its target), or undefined when nothing is there. */
export async function lstatOrUndefined(path: string, action: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch (error) {
    const code = systemErrorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw toIoFailure(error, action, path);
  }
}
