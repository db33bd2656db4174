import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * A fresh database per test, so integration suites run in parallel and leave nothing
 * behind (STYLE.md §10).
 *
 * The server is the one in `DATABASE_URL` (default below, as CI and development machines
 * run it: local Postgres, user `postgres`, trust on loopback). This test helper is the only
 * place in db/ that reads the environment; applications pass their URL to `openDatabase`.
 */
export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Test databases are named with this prefix, so leftovers of a killed run are easy to find and drop. */
export const TEST_DATABASE_PREFIX = 'rh_test_';

/** Random bytes in a test database name: enough that parallel workers never collide. */
const NAME_RANDOM_BYTES = 8;

export interface TestDatabase {
  /** Connection URL of the new database. */
  url: string;
  /** Drops the database, ending any connection still open to it. */
  drop(): Promise<void>;
}

/** The Postgres server test databases are made on: `DATABASE_URL`, else the default above. */
export function testServerUrl(): string {
  return process.env.DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = testServerUrl();
  const name = `${TEST_DATABASE_PREFIX}${randomBytes(NAME_RANDOM_BYTES).toString('hex')}`;
  await withAdminClient(serverUrl, (admin) => admin.query(`create database "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    async drop() {
      if (dropped) return;
      dropped = true;
      // WITH (FORCE), Postgres 13+: terminate the sessions a failed test left open.
      await withAdminClient(serverUrl, (admin) => admin.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

async function withAdminClient<T>(serverUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
