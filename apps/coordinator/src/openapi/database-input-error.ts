/**
 * Postgres SQLSTATE class 22, "data exception": a value the database cannot store or compare
 * (a number out of range for its column, text it cannot encode, a malformed value of a typed
 * column). Reaching Postgres with such a value means a request schema let it through; it is
 * still the request's value that is wrong, so the caller gets a 400, and the log says which
 * check is missing.
 */
const DATA_EXCEPTION_CLASS = '22';

/** Causes followed to find the database's error (drizzle wraps the driver's). */
const MAX_CAUSE_DEPTH = 5;

/** The database's data exception behind an error, or undefined. */
export function databaseDataException(error: unknown): { readonly code: string; readonly message: string } | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && current instanceof Error; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code.startsWith(DATA_EXCEPTION_CLASS) ? { code, message: current.message } : undefined;
    current = current.cause;
  }
  return undefined;
}
