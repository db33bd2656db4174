import type { ErrorDetails, ExecutionErrorOptions } from './error-details';
import type { RunErrorCode } from './run-error-code';

export interface RetryableErrorOptions extends ExecutionErrorOptions {
  /** The earliest sensible retry, when the failing side said so (HTTP `Retry-After`). */
  readonly retryAfterMs?: number;
}

/**
 * A failure another attempt may not repeat: a locked file, a refused connection, a 503.
 * The dispatcher retries within the node's retry policy, no sooner than `retryAfterMs`.
 */
export class RetryableError extends Error {
  override readonly name: string = 'RetryableError';
  readonly code: RunErrorCode;
  readonly details: ErrorDetails | undefined;
  readonly retryAfterMs: number | undefined;
  override readonly cause: unknown;

  constructor(code: RunErrorCode, message: string, options: RetryableErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.details = options.details;
    this.retryAfterMs = options.retryAfterMs;
    this.cause = options.cause;
  }
}
