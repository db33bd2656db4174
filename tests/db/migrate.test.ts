import { Client } from 'pg';
import { sql } from 'drizzle-orm';
import { MIGRATION_LOCK_KEY, MigrationLockTimeoutError, createTestDatabase, migrate, openDatabase, testServerUrl, type TestDatabase } from '@runtime-hub/db';
import { TABLES, appliedMigrations, expectMigratedTwice, journalLength, migrateTwice, publicTables, rows } from './scenarios';

describe('migrate on Postgres', () => {
  let database: TestDatabase;

  beforeEach(async () => {
    database = await createTestDatabase();
  });

  afterEach(async () => {
    await database.drop();
  });

  it('creates every table on a fresh database, and a second run applies nothing', async () => {
    const handle = await openDatabase({ url: database.url });
    try {
      expectMigratedTwice(await migrateTwice(handle));
    } finally {
      await handle.close();
    }
  });

  it('applies each migration once when two processes migrate at the same moment', async () => {
    const first = await openDatabase({ url: database.url });
    const second = await openDatabase({ url: database.url });
    try {
      await Promise.all([migrate(first), migrate(second)]);
      expect(await appliedMigrations(first.db)).toBe(await journalLength());
      expect(await publicTables(second.db)).toEqual(TABLES);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('waits for the migration lock and gives up with a clear error when it is held too long', async () => {
    const holder = new Client({ connectionString: database.url });
    await holder.connect();
    const handle = await openDatabase({ url: database.url });
    try {
      await holder.query('select pg_advisory_lock($1::bigint)', [MIGRATION_LOCK_KEY.toString()]);
      // Long enough for a few tries of the lock, short enough to keep the test quick.
      const lockTimeoutMs = 300;
      await expect(migrate(handle, { lockTimeoutMs })).rejects.toBeInstanceOf(MigrationLockTimeoutError);
      expect(await publicTables(handle.db)).toEqual([]);

      await holder.query('select pg_advisory_unlock($1::bigint)', [MIGRATION_LOCK_KEY.toString()]);
      await migrate(handle, { lockTimeoutMs });
      expect(await publicTables(handle.db)).toEqual(TABLES);
    } finally {
      await holder.end();
      await handle.close();
    }
  });

  it('releases the lock and returns its connection to the pool after migrating', async () => {
    const handle = await openDatabase({ url: database.url, poolSize: 1 });
    try {
      await migrate(handle);
      // With a pool of one, this query runs on the very connection migrate used.
      const [row] = await rows<{ locked: boolean }>(handle.db, sql`select pg_try_advisory_lock(${MIGRATION_LOCK_KEY.toString()}::bigint) as locked`);
      expect(row!.locked).toBe(true);
    } finally {
      await handle.close();
    }
  });
});

describe('openDatabase on Postgres', () => {
  it('fails at once, naming the server without its password, when nothing answers', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused at once.
    const attempt = openDatabase({ url: 'postgres://runtime_hub:s3cret@127.0.0.1:1/runtime_hub' });
    await expect(attempt).rejects.toThrow('cannot connect to Postgres at postgres://runtime_hub:***@127.0.0.1:1/runtime_hub');
    await expect(attempt).rejects.not.toThrow('s3cret');
  });
});

describe('createTestDatabase', () => {
  it('makes a database of its own and drops it, even with a connection still open', async () => {
    const database = await createTestDatabase();
    const straggler = new Client({ connectionString: database.url });
    straggler.on('error', () => undefined);
    await straggler.connect();
    const name = new URL(database.url).pathname.slice(1);
    await database.drop();

    const admin = new Client({ connectionString: testServerUrl() });
    await admin.connect();
    try {
      const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
      expect(rowCount).toBe(0);
    } finally {
      await admin.end();
      await straggler.end().catch(() => undefined);
    }
  });
});
