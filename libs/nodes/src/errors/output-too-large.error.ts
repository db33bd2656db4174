import { NonRetryableError } from './non-retryable.error';

export interface OutputTooLargeOptions {
  readonly cause?: unknown;
  /**
   * Reading stopped as soon as the limit was passed, so `sizeBytes` is only how much was seen
   * (a streamed response body without a length, a file growing while it is read).
   */
  readonly sizeIsLowerBound?: boolean;
}

/**
 * Something the node would return (or read to return) is over its size limit. The same work
 * returns the same bytes, so it is never retried.
 */
export class OutputTooLargeError extends NonRetryableError {
  override readonly name: string = 'OutputTooLargeError';
  readonly sizeBytes: number;
  readonly limitBytes: number;

  /** `what` names the thing measured: `the output`, `file C:/x.log`, `the response body`. */
  constructor(sizeBytes: number, limitBytes: number, what = 'the output', options: OutputTooLargeOptions = {}) {
    const size = options.sizeIsLowerBound === true ? `more than ${limitBytes} bytes` : `${sizeBytes} bytes`;
    super('OUTPUT_TOO_LARGE', `${what} is ${size}, over the limit of ${limitBytes} bytes`, {
      details: { sizeBytes, limitBytes, ...(options.sizeIsLowerBound === true ? { sizeIsLowerBound: true } : {}) },
      cause: options.cause,
    });
    this.sizeBytes = sizeBytes;
    this.limitBytes = limitBytes;
  }
}
