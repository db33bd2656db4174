/**
 * Machine-readable facts attached to a failure (exit code, last stderr lines, HTTP status,
 * config path, sizes). They travel as JSON in `RunError.details`.
 */
export type ErrorDetails = Readonly<Record<string, unknown>>;

export interface ExecutionErrorOptions {
  readonly details?: ErrorDetails;
  readonly cause?: unknown;
}
