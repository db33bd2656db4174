/**
 * Postgres did not answer when the database was opened. `target` is the connection URL
 * without its password, safe to print.
 */
export class DatabaseConnectError extends Error {
  override readonly name = 'DatabaseConnectError';
  readonly target: string;

  constructor(target: string, options: { cause: unknown }) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(`cannot connect to Postgres at ${target}: ${reason}`, options);
    this.target = target;
  }
}
