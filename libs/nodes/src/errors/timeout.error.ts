import { RetryableError } from './retryable.error';

/**
 * The node (or one operation inside it, like an HTTP request) ran longer than allowed; its
 * process tree has been killed. Retryable: a slow host or a hung dependency often recovers,
 * and the retry policy bounds how often that is tried.
 */
export class TimeoutError extends RetryableError {
  override readonly name: string = 'TimeoutError';
  readonly timeoutMs: number;

  constructor(timeoutMs: number, what = 'the node', options: { cause?: unknown } = {}) {
    super('TIMEOUT', `${what} timed out after ${timeoutMs} ms`, { details: { timeoutMs }, cause: options.cause });
    this.timeoutMs = timeoutMs;
  }
}
