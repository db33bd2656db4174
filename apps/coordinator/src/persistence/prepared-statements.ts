import { is } from 'drizzle-orm';
import { NodePgSession } from 'drizzle-orm/node-postgres';
import { PgliteSession } from 'drizzle-orm/pglite';
import { types as pgTypes, type CustomTypesConfig, type QueryConfig, type QueryResult, type QueryResultRow } from 'pg';
import type { Database, Transaction } from '@runtime-hub/db';

/**
 * A statement whose text never changes, run as a named prepared statement: Postgres parses
 * and plans it once per connection, and the coordinator builds no SQL for it (building SQL
 * text was about a fifth of the coordinator's CPU for a dispatched node).
 */
export interface PreparedStatement<Row> {
  /** Unique among the coordinator's statements: a connection holds one plan per name. */
  readonly name: string;
  /** Parameters as `$1`, `$2`, ...; every parameter cast to its type, so both drivers read it alike. */
  readonly text: string;
  /** One row as the driver returns it (column names as in the statement) to the row callers expect. */
  readonly mapRow: (raw: RawRow) => Row;
}

/** A row as the driver returns it: timestamps as Postgres' text (as drizzle reads them), JSON parsed, integers as numbers. */
export type RawRow = Readonly<Record<string, unknown>>;

const definedNames = new Map<string, string>();

/** Defines a statement; a name given to two different texts is a mistake, found when the module loads. */
export function preparedStatement<Row>(name: string, text: string, mapRow: (raw: RawRow) => Row): PreparedStatement<Row> {
  const earlier = definedNames.get(name);
  if (earlier !== undefined && earlier !== text) throw new Error(`prepared statement "${name}" is defined twice with different texts`);
  definedNames.set(name, text);
  return { name, text, mapRow };
}

/**
 * Runs `statement` on the connection `db` stands for: the open transaction's own connection
 * when `db` is a transaction (drizzle's `.prepare()` would take one from the pool instead,
 * outside the transaction), else the pool's. node-postgres prepares a named statement once per
 * connection and afterwards only binds and executes it; PGlite has no such cache and runs it
 * as its own parameterised query (parse, bind, execute in one call, in process). Both read
 * timestamps as text, as drizzle does, so `mapRow` decodes them exactly as drizzle would.
 */
export async function runPrepared<Row>(db: Database | Transaction, statement: PreparedStatement<Row>, values: readonly unknown[]): Promise<Row[]> {
  const raw = await queryRaw(db, statement, values);
  return raw.map((row) => statement.mapRow(row));
}

async function queryRaw(db: Database | Transaction, statement: PreparedStatement<unknown>, values: readonly unknown[]): Promise<RawRow[]> {
  const { session } = db._;
  if (is(session, NodePgSession)) {
    const result = await clientOf<PgQueryable>(session).query<RawRow>({ name: statement.name, text: statement.text, values: [...values], types: PG_TYPES });
    return result.rows;
  }
  if (is(session, PgliteSession)) {
    const result = await clientOf<PgliteQueryable>(session).query<RawRow>(statement.text, [...values], { parsers: PGLITE_PARSERS });
    return result.rows;
  }
  throw new TypeError(`prepared statement "${statement.name}": no runner for this database driver`);
}

/** A pg Pool, PoolClient or Client: each takes a query config with a `name`. */
interface PgQueryable {
  query<R extends QueryResultRow>(config: QueryConfig): Promise<QueryResult<R>>;
}

/** A PGlite instance or one of its transactions. */
interface PgliteQueryable {
  query<R>(text: string, params: unknown[], options: { parsers: Record<number, (value: string) => unknown> }): Promise<{ rows: R[] }>;
}

/**
 * The driver's client behind a drizzle session: the pool, or inside a transaction the
 * connection (or PGlite transaction) the transaction runs on. drizzle keeps it private and
 * offers no other way to reach the transaction's connection.
 */
function clientOf<Client>(session: object): Client {
  return (session as unknown as { client: Client }).client;
}

/** Postgres type ids drizzle reads as text and decodes itself (drizzle-orm's node-postgres and pglite sessions list the same). */
const TEXT_READ_TYPE_IDS: readonly number[] = [
  pgTypes.builtins.TIMESTAMPTZ,
  pgTypes.builtins.TIMESTAMP,
  pgTypes.builtins.DATE,
  pgTypes.builtins.INTERVAL,
  1231, // numeric[]
  1115, // timestamp[]
  1185, // timestamptz[]
  1187, // interval[]
  1182, // date[]
];

const asText = (value: string): string => value;

/** node-postgres' type parsers with drizzle's text-read types left as text: every statement run beside drizzle's reads with them. */
export const PG_TYPES: CustomTypesConfig = {
  getTypeParser: ((typeId: number, format?: 'text' | 'binary') =>
    TEXT_READ_TYPE_IDS.includes(typeId) ? asText : pgTypes.getTypeParser(typeId, format)) as CustomTypesConfig['getTypeParser'],
};

const PGLITE_PARSERS: Record<number, (value: string) => unknown> = Object.fromEntries(TEXT_READ_TYPE_IDS.map((typeId) => [typeId, asText]));
