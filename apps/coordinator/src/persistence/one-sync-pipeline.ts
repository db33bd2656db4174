import { createRequire } from 'node:module';
import { Result, type Connection, type PoolClient } from 'pg';
import { PG_TYPES, type RawRow } from './prepared-statements';

/**
 * One statement of a pipeline: a named statement already prepared on the connection (bound and
 * executed only), or an unnamed one parsed each time (BEGIN, COMMIT).
 */
export interface PipelineStep {
  readonly name?: string;
  readonly text: string;
  readonly values?: readonly unknown[];
}

/**
 * True when every named step is prepared on `client`'s connection already: a pipeline parses
 * no named statement (a Parse that succeeded before a later step failed would leave the driver's
 * record of prepared statements wrong), so the first use on a connection goes the usual way.
 */
export function canPipeline(client: PoolClient, steps: readonly PipelineStep[]): boolean {
  const { parsedStatements } = client.connection as unknown as DriverConnection;
  return steps.every((step) => step.name === undefined || parsedStatements[step.name] === step.text);
}

/**
 * Runs `steps` in order as one message to Postgres with one Sync at its end (the extended
 * protocol's pipelining): one write and one answer instead of a round trip each. Resolves with
 * each step's rows; rejects with the first error, after which Postgres skipped the rest (inside
 * a transaction, the transaction is then aborted and must be rolled back).
 *
 * node-postgres sends one statement per Sync; this is its Submittable interface with the
 * messages of several. Only for steps `canPipeline` accepts.
 */
export function runPipeline(client: PoolClient, steps: readonly PipelineStep[]): Promise<RawRow[][]> {
  return new Promise((resolve, reject) => {
    client.query(new OneSyncPipeline(steps, (error, rows) => (error ? reject(error) : resolve(rows))));
  });
}

/** What node-postgres' connection keeps of the statements prepared on it (by name: text). */
interface DriverConnection extends Connection {
  readonly parsedStatements: Record<string, string | undefined>;
}

/** Result's row-building methods node-postgres' Query uses (not in its type declarations). */
interface RowBuilder {
  addFields(fields: unknown[]): void;
  parseRow(fields: unknown[]): RawRow;
}

interface DriverMessage {
  readonly fields: unknown[];
}

// node-postgres' own conversion of parameter values (dates, arrays, JSON), as its Query binds them.
const { prepareValue } = createRequire(__filename)('pg/lib/utils') as { prepareValue: (value: unknown) => unknown };

/** No `name`: node-postgres would take it for one named statement's and record it as prepared. */
class OneSyncPipeline {
  private readonly rows: RawRow[][];
  private builder: RowBuilder | undefined;
  private answered = 0;
  private failed = false;
  /** A row the type parsers could not read: reported once Postgres has answered all (as node-postgres' Query does). */
  private unreadable: Error | undefined;

  constructor(
    /** What it sends, in order (public for whoever observes the driver's queries, as the tests do). */
    readonly steps: readonly PipelineStep[],
    private readonly callback: (error: Error | undefined, rows: RawRow[][]) => void,
  ) {
    this.rows = steps.map(() => []);
  }

  submit(connection: Connection): void {
    connection.stream.cork();
    try {
      for (const step of this.steps) {
        if (step.name === undefined) connection.parse({ text: step.text, name: '', types: [] }, false);
        connection.bind({ portal: '', statement: step.name ?? '', values: [...(step.values ?? [])], valueMapper: prepareValue } as Parameters<Connection['bind']>[0], false);
        connection.describe({ type: 'P', name: '' }, false);
        connection.execute({ portal: '' }, false);
      }
      connection.sync();
    } finally {
      connection.stream.uncork();
    }
  }

  handleRowDescription(message: DriverMessage): void {
    this.builder = new Result(undefined as unknown as string, PG_TYPES as never) as unknown as RowBuilder;
    this.builder.addFields(message.fields);
  }

  handleDataRow(message: DriverMessage): void {
    if (!this.builder || this.unreadable) return;
    try {
      this.rows[this.answered]?.push(this.builder.parseRow(message.fields));
    } catch (error) {
      this.unreadable = error instanceof Error ? error : new Error(String(error));
    }
  }

  handleCommandComplete(): void {
    this.answered += 1;
    this.builder = undefined;
  }

  handleReadyForQuery(): void {
    if (this.failed) return;
    if (this.unreadable) return this.fail(this.unreadable);
    if (this.answered !== this.steps.length) return this.fail(new Error(`a pipeline of ${this.steps.length} statements was answered for ${this.answered}`));
    this.callback(undefined, this.rows);
  }

  handleError(error: Error): void {
    this.fail(error);
  }

  handleEmptyQuery(): void {
    this.answered += 1;
  }

  handlePortalSuspended(): void {
    this.fail(new Error('a pipelined statement was suspended (no row limit is set)'));
  }

  handleCopyInResponse(connection: Connection): void {
    (connection as unknown as { sendCopyFail(message: string): void }).sendCopyFail('a pipeline takes no COPY');
  }

  handleCopyData(): void {}

  private fail(error: Error): void {
    if (this.failed) return;
    this.failed = true;
    this.callback(error, []);
  }
}
