import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DATA_DIR_LOCK_FILE_NAME, judgeLock, lockDataDir, type DataDirLockRecord } from './data-dir.lock';
import { DataDirInUseError } from './data-dir-in-use.error';

const self = { host: 'host-a', pid: 100 };
const lock = (fields: Partial<DataDirLockRecord>): DataDirLockRecord => ({ pid: 200, host: 'host-a', instance: 'i-1', command: 'runtime-hub up', startedAt: 'then', ...fields });
const running = (pids: number[]) => (pid: number) => pids.includes(pid);

describe('judgeLock', () => {
  it('is free without a lock file', () => {
    expect(judgeLock(undefined, self, running([]))).toBe('free');
  });

  it('is held by a live process on this host, stale when that process is gone', () => {
    expect(judgeLock(lock({ pid: 200 }), self, running([200]))).toBe('held');
    expect(judgeLock(lock({ pid: 200 }), self, running([]))).toBe('stale');
  });

  it("is stale when it names this process's own pid: a previous run whose pid came round again", () => {
    expect(judgeLock(lock({ pid: 100 }), self, running([100]))).toBe('stale');
  });

  it('counts a lock from another host as held: its process cannot be looked at from here', () => {
    expect(judgeLock(lock({ host: 'host-b' }), self, running([]))).toBe('held');
  });

  it('is stale when the file cannot be read: it names no live owner', () => {
    expect(judgeLock('unreadable', self, running([]))).toBe('stale');
  });
});

describe('lockDataDir', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'rh-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the owner into the lock, is re-entrant in one process, and removes the file at the last release', async () => {
    const outer = await lockDataDir(dir, 'runtime-hub up');
    const inner = await lockDataDir(dir, 'runtime-hub coordinator');
    const record = JSON.parse(readFileSync(path.join(dir, DATA_DIR_LOCK_FILE_NAME), 'utf8')) as DataDirLockRecord;
    await inner.release();
    const afterInner = readdirSync(dir);
    await outer.release();
    expect(record).toMatchObject({ pid: process.pid, host: os.hostname(), command: 'runtime-hub up' });
    expect(afterInner).toEqual([DATA_DIR_LOCK_FILE_NAME]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses a folder held by another live process, naming it, and takes over one whose process is gone', async () => {
    const file = path.join(dir, DATA_DIR_LOCK_FILE_NAME);
    // pid 1 always runs (init); a pid above the kernel's maximum never does.
    writeFileSync(file, JSON.stringify(lock({ pid: 1, host: os.hostname() })));
    const refused = await lockDataDir(dir, 'runtime-hub coordinator').catch((error: unknown) => error);
    writeFileSync(file, JSON.stringify(lock({ pid: 4_194_304 + 1, host: os.hostname() })));
    const taken = await lockDataDir(dir, 'runtime-hub coordinator');
    const owner = JSON.parse(readFileSync(file, 'utf8')) as DataDirLockRecord;
    await taken.release();
    expect(refused).toBeInstanceOf(DataDirInUseError);
    expect((refused as Error).message).toMatch(/is in use by process 1 on .*RH_DATA_DIR/);
    expect(owner.pid).toBe(process.pid);
    expect(readdirSync(dir)).toEqual([]);
  });
});
