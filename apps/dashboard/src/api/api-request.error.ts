import type { ValidationProblem } from '@runtime-hub/graph';

/**
 * A REST call that failed: the coordinator's `{ error: { code, message, ... } }` with the
 * HTTP status, or a network failure (`status` 0, code `NETWORK`). `problems` comes with
 * VALIDATION_FAILED, naming every node or edge that is wrong.
 */
export class ApiRequestError extends Error {
  override readonly name = 'ApiRequestError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly problems: readonly ValidationProblem[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
