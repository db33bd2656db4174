import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DataDirInUseError } from './data-dir-in-use.error';

/**
 * One process at a time per data folder (RH_DATA_DIR): the embedded database (PGlite) is a
 * single-process store, and `runtime-hub up` keeps its local Redis and its workers' keys there.
 *
 * The lock is a file, `<dir>/runtime-hub.lock`, holding the owner's pid, host and a random
 * instance id. It is created whole or not at all (written to a temporary file, then hard-linked
 * into place, which fails when the name exists). A lock whose pid is no longer running on this
 * host is stale (the owner was killed) and is taken over: it is renamed aside (only one of two
 * processes taking it over can rename it), checked to be the stale lock that was judged, and
 * deleted. A lock from another host cannot be checked and counts as held.
 *
 * Within one process the lock is re-entrant (`runtime-hub up` holds it and starts the
 * coordinator in the same process); it is released when its last holder releases it.
 */

export const DATA_DIR_LOCK_FILE_NAME = 'runtime-hub.lock';
/** Times a stale lock is taken over before giving up: each try loses only to another process's takeover. */
const TAKEOVER_ATTEMPTS = 3;

export interface DataDirLockRecord {
  readonly pid: number;
  readonly host: string;
  readonly instance: string;
  readonly command: string;
  readonly startedAt: string;
}

export type LockVerdict = 'free' | 'held' | 'stale';

/**
 * Pure: what a lock file found on disk means for a process (`self`) that does not hold it.
 * A lock naming this very pid is a previous run's whose pid came round again (a container's
 * process is pid 1 at every start).
 */
export function judgeLock(
  found: DataDirLockRecord | undefined | 'unreadable',
  self: { readonly host: string; readonly pid: number },
  isRunning: (pid: number) => boolean,
): LockVerdict {
  if (found === undefined) return 'free';
  // Written whole by a link, so an unreadable lock was damaged outside; it names no live owner.
  if (found === 'unreadable') return 'stale';
  if (found.host !== self.host) return 'held';
  if (found.pid === self.pid) return 'stale';
  return isRunning(found.pid) ? 'held' : 'stale';
}

/** Whether a process with this pid runs on this host (EPERM: it runs, as another user). */
export function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface DataDirLock {
  readonly file: string;
  /** Releases this hold; the file goes when the last hold of this process is released. */
  release(): Promise<void>;
}

/** Locks held by this process: lock file -> instance id and number of holds. */
const held = new Map<string, { instance: string; holds: number }>();

/**
 * Takes the data folder's lock for `command` (shown to whoever is refused). Creates the folder
 * if needed, and nothing else in it. Throws DataDirInUseError when another live process holds it.
 */
export async function lockDataDir(dataDir: string, command: string): Promise<DataDirLock> {
  const dir = path.resolve(dataDir);
  const file = path.join(dir, DATA_DIR_LOCK_FILE_NAME);
  const mine = held.get(file);
  if (mine) {
    mine.holds += 1;
    return holdOf(file);
  }
  await mkdir(dir, { recursive: true });
  const record: DataDirLockRecord = { pid: process.pid, host: os.hostname(), instance: randomBytes(12).toString('hex'), command, startedAt: new Date().toISOString() };
  for (let attempt = 0; attempt <= TAKEOVER_ATTEMPTS; attempt += 1) {
    const text = await readText(file);
    const found = text === undefined ? undefined : parseRecord(text);
    const verdict = judgeLock(found, record, isProcessRunning);
    if (verdict === 'held') throw new DataDirInUseError(dir, file, found as DataDirLockRecord);
    if (verdict === 'stale') {
      await setStaleLockAside(file, text as string);
      continue;
    }
    if (await createWhole(file, record)) {
      held.set(file, { instance: record.instance, holds: 1 });
      return holdOf(file);
    }
  }
  throw new Error(`could not take the lock ${file}: other processes kept taking it over; try again`);
}

function holdOf(file: string): DataDirLock {
  let released = false;
  return {
    file,
    async release() {
      const hold = held.get(file);
      if (released || !hold) return;
      released = true;
      hold.holds -= 1;
      if (hold.holds > 0) return;
      held.delete(file);
      const text = await readText(file);
      const found = text === undefined ? undefined : parseRecord(text);
      if (found !== undefined && found !== 'unreadable' && found.instance === hold.instance) await unlink(file).catch(() => undefined);
    },
  };
}

/** Creates the lock file with its whole content, or answers false when the name exists. */
async function createWhole(file: string, record: DataDirLockRecord): Promise<boolean> {
  const temporary = `${file}.${record.instance}.tmp`;
  await writeFile(temporary, `${JSON.stringify(record)}\n`);
  try {
    await link(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}

/**
 * Moves a stale lock out of the way. Another process may have taken it over between our read
 * and the rename: then what was moved is its live lock, and it is put back.
 */
async function setStaleLockAside(file: string, judged: string): Promise<void> {
  const aside = `${file}.${randomBytes(6).toString('hex')}.stale`;
  try {
    await rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if ((await readText(aside)) !== judged) await link(aside, file).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function parseRecord(text: string): DataDirLockRecord | 'unreadable' {
  try {
    const value = JSON.parse(text) as Partial<DataDirLockRecord>;
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.instance === 'string') {
      return { pid: value.pid, host: value.host, instance: value.instance, command: String(value.command ?? 'unknown command'), startedAt: String(value.startedAt ?? 'an unknown time') };
    }
  } catch {
    // not JSON: damaged
  }
  return 'unreadable';
}
