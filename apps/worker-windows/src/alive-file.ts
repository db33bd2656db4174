import { mkdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * `<dataDir>/worker.alive`, touched on every heartbeat: a container health check (or a
 * Windows watchdog) tests its age to tell a live worker from a hung one without speaking the
 * protocol. Its content is the time of the last heartbeat, for people reading it.
 */
export class AliveFile {
  constructor(readonly file: string) {}

  static in(dataDir: string, fileName: string): AliveFile {
    return new AliveFile(path.join(dataDir, fileName));
  }

  async touch(at: Date = new Date()): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    await writeFile(this.file, `${at.toISOString()}\n`);
    // writeFile sets the modification time already; utimes makes it exact for the checker.
    await utimes(this.file, at, at);
  }
}
