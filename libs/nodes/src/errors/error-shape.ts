/**
 * Reading thrown values by their shape, not their class: errors raised inside Node's core
 * (fs, child_process, net) and by undici come from another realm than code run in a VM
 * context (jest runs tests in one), so `instanceof Error` can be false for a real error.
 */

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null && name in value ? (value as Record<string, unknown>)[name] : undefined;
}

/** The `code` of a Node system error (`ENOENT`, `ECONNREFUSED`), if `error` has one. */
export function systemErrorCode(error: unknown): string | undefined {
  const code = field(error, 'code');
  return typeof code === 'string' ? code : undefined;
}

/** The message of anything thrown. */
export function errorMessage(error: unknown): string {
  const message = field(error, 'message');
  return typeof message === 'string' ? message : String(error);
}

/** The class name of a thrown error (`TypeError`), if it has one. */
export function errorName(error: unknown): string | undefined {
  const name = field(error, 'name');
  return typeof name === 'string' ? name : undefined;
}

/** The `cause` of a thrown error, if any. */
export function errorCause(error: unknown): unknown {
  return field(error, 'cause');
}
