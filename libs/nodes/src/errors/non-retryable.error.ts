import type { ErrorDetails, ExecutionErrorOptions } from './error-details';
import type { RunErrorCode } from './run-error-code';

/**
 * A failure that another attempt would repeat: bad config, a script's non-zero exit, a `fail`
 * node. The dispatcher fails the node at once, whatever its retry policy says.
 */
export class NonRetryableError extends Error {
  override readonly name: string = 'NonRetryableError';
  readonly code: RunErrorCode;
  readonly details: ErrorDetails | undefined;
  override readonly cause: unknown;

  constructor(code: RunErrorCode, message: string, options: ExecutionErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.code = code;
    this.details = options.details;
    this.cause = options.cause;
  }
}
