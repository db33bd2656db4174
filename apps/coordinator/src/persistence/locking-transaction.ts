import { is } from 'drizzle-orm';
import { NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres';
import { escapeLiteral, Pool, type PoolClient, type QueryResult } from 'pg';
import type { Database, Transaction } from '@runtime-hub/db';
import { PG_TYPES, runPrepared, type PreparedStatement, type RawRow } from './prepared-statements';

/**
 * A statement that locks one row by its key (`SELECT ... FOR UPDATE`), in the two forms the
 * drivers need: its text for one key written as a literal, sent in one message with the
 * transaction's BEGIN; and the same statement prepared, for a driver that cannot do that.
 */
export interface RowLock<Row> {
  /** The statement with `quotedKey` (a quoted SQL literal, escapeLiteral's) where `$1` stands in `prepared`. */
  readonly textFor: (quotedKey: string) => string;
  readonly prepared: PreparedStatement<Row>;
}

/**
 * A read by the same key sent in the lock's message, right after it: a statement of its own,
 * so it sees what the transactions the lock waited for committed (one snapshot per statement).
 */
export interface ReadAfterLock<Row> {
  /** The read with `quotedKey` where `$1` stands in `prepared`. */
  readonly textFor: (quotedKey: string) => string;
  /** The same read prepared, run after the lock where BEGIN cannot carry it (PGlite). */
  readonly prepared: PreparedStatement<Row>;
  /** `prepared`'s parameters after the key ($2, ...); `textFor` writes them into its text. */
  readonly values: readonly unknown[];
}

/**
 * Runs `work` in a transaction whose first statement locks the row `key` names: `row` is that
 * row, undefined when there is none; `read`, the rows of `readAfter` when one was asked for and
 * the row exists. COMMIT when `work` resolves, ROLLBACK when it throws.
 *
 * On Postgres, BEGIN and the lock go to the server as one simple-query message (the key as an
 * escaped literal: the simple protocol takes no parameters), so a transaction of the engine
 * costs one round trip less than BEGIN on its own (drizzle's `transaction`) followed by the
 * lock. The lock runs after BEGIN inside the same transaction and takes its own snapshot, so
 * the statements after it see what the transactions it waited for committed, exactly as
 * before. The transaction handed to `work` is drizzle's own class on the connection taken from
 * the pool, so the query builder and the prepared statements run on it as in any other.
 * PGlite (one connection, in process) runs drizzle's `transaction` with the prepared lock.
 */
export async function withLockedRow<Row, T, ReadRow = never>(
  db: Database,
  lock: RowLock<Row>,
  key: string,
  work: (tx: Transaction, row: Row | undefined, read: readonly ReadRow[] | undefined) => Promise<T>,
  readAfter?: ReadAfterLock<ReadRow>,
): Promise<T> {
  const { session } = db._;
  if (!is(session, NodePgSession)) {
    return db.transaction(async (tx) => {
      const [row] = await runPrepared(tx, lock.prepared, [key]);
      const read = row !== undefined && readAfter ? await runPrepared(tx, readAfter.prepared, [key, ...readAfter.values]) : undefined;
      return work(tx, row, read);
    });
  }
  const parts = sessionParts(session);
  if (!(parts.client instanceof Pool)) throw new TypeError('a locking transaction needs the pool the database was opened on');
  const client = await parts.client.connect();
  let broken: Error | undefined;
  try {
    const tx = transactionOn(client, parts);
    try {
      const quotedKey = escapeLiteral(key);
      const text = [`begin`, lock.textFor(quotedKey), ...(readAfter ? [readAfter.textFor(quotedKey)] : [])].join('; ');
      const [, locked, after] = (await client.query<RawRow>({ text, types: PG_TYPES })) as unknown as [QueryResult, QueryResult<RawRow>, QueryResult<RawRow> | undefined];
      const [raw] = locked.rows;
      const read = raw !== undefined && readAfter && after ? after.rows.map((row) => readAfter.prepared.mapRow(row)) : undefined;
      const value = await work(tx, raw === undefined ? undefined : lock.prepared.mapRow(raw), read);
      await client.query('commit');
      return value;
    } catch (error) {
      await client.query('rollback').catch((rollbackFailed: unknown) => {
        // A connection that cannot roll back goes back to no one: the pool drops it.
        broken = rollbackFailed instanceof Error ? rollbackFailed : new Error(String(rollbackFailed));
      });
      throw error;
    }
  } finally {
    client.release(broken);
  }
}

/**
 * drizzle's transaction on a pooled connection, made once per connection: building one builds a
 * query builder for every table of the schema, which every result's transaction would pay again.
 * It holds nothing of the transaction it runs in (BEGIN and COMMIT are sent here), so the next
 * transaction on the same connection uses it as well.
 */
const transactionsByConnection = new WeakMap<PoolClient, Transaction>();

function transactionOn(client: PoolClient, parts: NodePgSessionParts): Transaction {
  let tx = transactionsByConnection.get(client);
  if (!tx) {
    tx = new NodePgTransaction(parts.dialect, new NodePgSession(client, parts.dialect, parts.schema, parts.options), parts.schema) as unknown as Transaction;
    transactionsByConnection.set(client, tx);
  }
  return tx;
}

/** What drizzle's node-postgres session keeps private and a transaction of its own needs. */
interface NodePgSessionParts {
  readonly client: Pool | PoolClient;
  readonly dialect: ConstructorParameters<typeof NodePgSession>[1];
  readonly schema: ConstructorParameters<typeof NodePgSession>[2];
  readonly options: ConstructorParameters<typeof NodePgSession>[3];
}

function sessionParts(session: object): NodePgSessionParts {
  return session as unknown as NodePgSessionParts;
}
