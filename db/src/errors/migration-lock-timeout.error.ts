/** Another process held the migration lock for longer than `migrate` was willing to wait. */
export class MigrationLockTimeoutError extends Error {
  override readonly name = 'MigrationLockTimeoutError';
  readonly waitedMs: number;

  constructor(waitedMs: number, options?: { cause?: unknown }) {
    super(
      `another process has been migrating the database for ${waitedMs} ms; ` +
        'if none is running, a session holding the migration advisory lock must be ended',
      options,
    );
    this.waitedMs = waitedMs;
  }
}
