/** SQLSTATE of a unique constraint violation (both node-postgres and PGlite report it as `code`). */
export const UNIQUE_VIOLATION = '23505';

/** Most causes followed: Drizzle wraps the driver error once; this leaves room without looping forever. */
const MAX_CAUSE_DEPTH = 5;

/**
 * Whether the error (or what it wraps: Drizzle puts the driver error in `cause`) is a unique
 * violation, optionally of one named constraint or index.
 */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && current; depth++) {
    const candidate = current as { code?: unknown; constraint?: unknown; cause?: unknown };
    if (candidate.code === UNIQUE_VIOLATION) return constraint === undefined || candidate.constraint === constraint;
    current = candidate.cause;
  }
  return false;
}
