import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { openDatabase } from './database';
import { MIGRATIONS_DIR } from './database-defaults';

describe('openDatabase', () => {
  it('refuses to guess where the database is', async () => {
    await expect(openDatabase({})).rejects.toThrow('openDatabase needs a Postgres `url` or a PGlite `dataDir`');
  });
});

describe('MIGRATIONS_DIR', () => {
  it('holds a drizzle-kit journal whose every entry has its SQL file', async () => {
    const journal = JSON.parse(await readFile(path.join(MIGRATIONS_DIR, 'meta', '_journal.json'), 'utf8')) as { dialect: string; entries: Array<{ tag: string }> };
    expect(journal.dialect).toBe('postgresql');
    expect(journal.entries.length).toBeGreaterThan(0);
    for (const entry of journal.entries) {
      await expect(readFile(path.join(MIGRATIONS_DIR, `${entry.tag}.sql`), 'utf8')).resolves.toMatch(/;\s*$/);
    }
  });
});
