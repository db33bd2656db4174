import { is } from 'drizzle-orm';
import { NodePgSession, NodePgTransaction } from 'drizzle-orm/node-postgres';
import { Pool, type PoolClient } from 'pg';
import type { Database, Transaction } from '@runtime-hub/db';
import { canPipeline, runPipeline, type PipelineStep } from './one-sync-pipeline';
import { PG_TYPES, runPrepared, type PreparedStatement, type RawRow } from './prepared-statements';

/** A read by the lock's key in the lock's round trip, right after it (RunTransactions.withRun's node rows). */
export interface ReadAfterLock<Row> {
  /** A statement of its own, so it sees what the transactions the lock waited for committed (one snapshot per statement). */
  readonly prepared: PreparedStatement<Row>;
  /** Its parameters after the key ($2, ...). */
  readonly values: readonly unknown[];
}

/**
 * The end of a locking transaction, handed to its work: the work's last statement may carry the
 * COMMIT (one round trip instead of two) when nothing follows it in the transaction.
 */
export interface TransactionEnd {
  /**
   * Runs `statement` and commits: on Postgres both in one message. Resolves once both are done;
   * rejects when either failed (the transaction is then rolled back as after any failure). The
   * work sends nothing after it: a statement would run outside the transaction, so the
   * connection refuses one until it goes back to the pool.
   */
  commitWith<Row>(statement: PreparedStatement<Row>, values: readonly unknown[]): Promise<Row[]>;
  /** True once `commitWith` committed. */
  readonly committed: boolean;
}

/**
 * Runs `work` in a transaction whose first statement locks the row `key` names: `row` is that
 * row, undefined when there is none; `read`, the rows of `readAfter` when one was asked for and
 * the row exists. COMMIT when `work` resolves (or with its last statement: `end.commitWith`),
 * ROLLBACK when it throws.
 *
 * On Postgres, BEGIN, the lock and the read go to the server as one message with one Sync
 * (one-sync-pipeline.ts): one round trip, and the lock and read are the connection's prepared
 * statements, planned once. The lock runs after BEGIN inside the same transaction and the read
 * takes its own snapshot after it, so it sees what the transactions the lock waited for
 * committed. The first time on a connection the three go one by one, which prepares the
 * statements. The transaction handed to `work` is drizzle's own class on the connection taken
 * from the pool, so the query builder and the prepared statements run on it as in any other.
 * PGlite (one connection, in process) runs drizzle's `transaction`, and commits on its own.
 */
export async function withLockedRow<Row, T, ReadRow = never>(
  db: Database,
  lock: PreparedStatement<Row>,
  key: string,
  work: (tx: Transaction, row: Row | undefined, read: readonly ReadRow[] | undefined, end: TransactionEnd | undefined) => Promise<T>,
  readAfter?: ReadAfterLock<ReadRow>,
): Promise<T> {
  const { session } = db._;
  if (!is(session, NodePgSession)) {
    return db.transaction(async (tx) => {
      const [row] = await runPrepared(tx, lock, [key]);
      const read = row !== undefined && readAfter ? await runPrepared(tx, readAfter.prepared, [key, ...readAfter.values]) : undefined;
      return work(tx, row, read, undefined);
    });
  }
  const parts = sessionParts(session);
  if (!(parts.client instanceof Pool)) throw new TypeError('a locking transaction needs the pool the database was opened on');
  const client = await parts.client.connect();
  let broken: Error | undefined;
  let committed = false;
  try {
    const tx = transactionOn(client, parts);
    try {
      const [[raw], after] = await beginWithLock(client, lock, key, readAfter);
      const read = raw !== undefined && readAfter && after ? after.map((row) => readAfter.prepared.mapRow(row)) : undefined;
      const end: TransactionEnd = {
        commitWith: async (statement, values) => {
          const [rows] = await pipelined(client, [step(statement, values), { text: 'commit' }]);
          committed = true;
          refuseStatements(client);
          return (rows ?? []).map((row) => statement.mapRow(row));
        },
        get committed() {
          return committed;
        },
      };
      const value = await work(tx, raw === undefined ? undefined : lock.mapRow(raw), read, end);
      if (!committed) await client.query('commit');
      return value;
    } catch (error) {
      // After commitWith the transaction is over: there is nothing to roll back.
      if (!committed) {
        await client.query('rollback').catch((rollbackFailed: unknown) => {
          // A connection that cannot roll back goes back to no one: the pool drops it.
          broken = rollbackFailed instanceof Error ? rollbackFailed : new Error(String(rollbackFailed));
        });
      }
      throw error;
    }
  } finally {
    acceptStatements(client);
    client.release(broken);
  }
}

/** BEGIN, the lock and the read after it: the lock's rows and the read's (undefined without one). */
async function beginWithLock(client: PoolClient, lock: PreparedStatement<unknown>, key: string, readAfter: ReadAfterLock<unknown> | undefined): Promise<[RawRow[], RawRow[] | undefined]> {
  const steps: PipelineStep[] = [{ text: 'begin' }, step(lock, [key]), ...(readAfter ? [step(readAfter.prepared, [key, ...readAfter.values])] : [])];
  const [, locked = [], after] = await pipelined(client, steps);
  return [locked, readAfter ? (after ?? []) : undefined];
}

function step(statement: PreparedStatement<unknown>, values: readonly unknown[]): PipelineStep {
  return { name: statement.name, text: statement.text, values };
}

/** `steps` in one message, or one by one where a named step is not prepared on this connection yet (which prepares it). */
async function pipelined(client: PoolClient, steps: readonly PipelineStep[]): Promise<RawRow[][]> {
  if (canPipeline(client, steps)) return runPipeline(client, steps);
  const rows: RawRow[][] = [];
  for (const { name, text, values } of steps) {
    const result = await client.query<RawRow>(name === undefined ? text : { name, text, values: [...(values ?? [])], types: PG_TYPES });
    rows.push(result.rows);
  }
  return rows;
}

/** After a commit by the work's last statement, the connection takes no statement until it is released. */
function refuseStatements(client: PoolClient): void {
  (client as { query: unknown }).query = () => {
    throw new Error('a statement after its transaction committed with its last statement (TransactionEnd.commitWith)');
  };
}

function acceptStatements(client: PoolClient): void {
  // The own property refuseStatements set, if any: the client's method is its prototype's.
  delete (client as { query?: unknown }).query;
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
