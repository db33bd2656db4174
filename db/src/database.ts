import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { Pool } from 'pg';
import * as schema from './schema';
import { DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_POOL_SIZE, PING_POOL_SIZE } from './database-defaults';
import { DatabaseConnectError } from './errors/database-connect.error';
import { redactUrl } from './redact-url';

export type Schema = typeof schema;

/**
 * What both backends have in common: a Drizzle Postgres database over this schema. Queries
 * written against it run unchanged on node-postgres and on PGlite. Driver-specific result
 * metadata (`rowCount` vs `affectedRows`) is not part of it: use `.returning()` to learn
 * which rows a write touched.
 */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

/** A transaction handed to `db.transaction(async (tx) => ...)`. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/** Data directory value that keeps PGlite in memory (tests, benchmarks). */
export const IN_MEMORY_DATA_DIR = 'memory://';

export interface OpenDatabaseOptions {
  /** `postgres://...`: a Postgres server. Takes precedence over `dataDir`. */
  url?: string;
  /**
   * Without `url`: the directory of an embedded PGlite database, created if missing. The
   * directory holds only the database. `memory://` keeps it in memory.
   */
  dataDir?: string;
  /** Postgres only: connections in the pool (default DEFAULT_POOL_SIZE). */
  poolSize?: number;
  /** Postgres only: how long to wait for a connection (default DEFAULT_CONNECT_TIMEOUT_MS). */
  connectTimeoutMs?: number;
  /**
   * Postgres only: an idle pooled connection failed (the server restarted or ended it). The
   * pool drops that connection and opens another when needed; this is for logging. Without
   * a listener node-postgres would crash the process on such an error.
   */
  onIdleConnectionError?: (error: Error) => void;
}

interface HandleBase {
  readonly db: Database;
  /**
   * `select 1` on a connection of its own (Postgres) that no query of `db` ever holds: a
   * health check answers whether the database is reachable, never after the work that keeps
   * the pool busy.
   */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface PostgresHandle extends HandleBase {
  readonly kind: 'postgres';
  readonly pool: Pool;
}

export interface PgliteHandle extends HandleBase {
  readonly kind: 'pglite';
  readonly client: PGlite;
}

export type DatabaseHandle = PostgresHandle | PgliteHandle;

/**
 * Opens the database: a pg Pool when `url` is given, else PGlite in `dataDir`. For Postgres
 * one connection is made before returning, so a wrong URL fails here, naming the server.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.url) return openPostgres(options.url, options);
  if (options.dataDir) return openPglite(options.dataDir);
  throw new TypeError('openDatabase needs a Postgres `url` or a PGlite `dataDir`');
}

async function openPostgres(url: string, options: OpenDatabaseOptions): Promise<PostgresHandle> {
  const pool = new Pool({
    connectionString: url,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
  });
  const onIdleError = options.onIdleConnectionError ?? (() => undefined);
  pool.on('error', onIdleError);
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new DatabaseConnectError(redactUrl(url), { cause: error });
  }
  const db = drizzlePg({ client: pool, schema });
  const pingPool = new Pool({ connectionString: url, max: PING_POOL_SIZE, connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS });
  pingPool.on('error', onIdleError);
  let closed = false;
  return {
    kind: 'postgres',
    db,
    pool,
    async ping() {
      await pingPool.query('select 1');
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([pool.end(), pingPool.end()]);
    },
  };
}

async function openPglite(dataDir: string): Promise<PgliteHandle> {
  if (!dataDir.startsWith(IN_MEMORY_DATA_DIR)) await mkdir(dataDir, { recursive: true });
  const client = new PGlite(dataDir);
  await client.waitReady;
  const db = drizzlePglite({ client, schema });
  return {
    kind: 'pglite',
    db,
    client,
    async ping() {
      await client.query('select 1');
    },
    async close() {
      if (!client.closed) await client.close();
    },
  };
}
