import { NonRetryableError } from './non-retryable.error';

/** Someone stopped the run or the node; its process tree has been killed. Never retried. */
export class CancelledError extends NonRetryableError {
  override readonly name: string = 'CancelledError';

  constructor(message = 'the node was cancelled', options: { cause?: unknown } = {}) {
    super('CANCELLED', message, { cause: options.cause });
  }
}
