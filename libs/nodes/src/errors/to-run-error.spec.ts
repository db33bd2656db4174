import { ERROR_MESSAGE_MAX_LENGTH, RunErrorSchema } from '@runtime-hub/protocol';
import { CancelledError } from './cancelled.error';
import { NonRetryableError } from './non-retryable.error';
import { OutputTooLargeError } from './output-too-large.error';
import { RetryableError } from './retryable.error';
import { TimeoutError } from './timeout.error';
import { toRunError } from './to-run-error';

describe('toRunError', () => {
  it('reports a NonRetryableError as not retryable, with its code and details', () => {
    const error = new NonRetryableError('EXIT_CODE', 'sh script exited with code 3', { details: { exitCode: 3 } });

    expect(toRunError(error)).toEqual({ code: 'EXIT_CODE', message: 'sh script exited with code 3', retryable: false, details: { exitCode: 3 } });
  });

  it('reports a RetryableError as retryable, with retryAfterMs in the details', () => {
    const error = new RetryableError('HTTP_ERROR', 'answered 503', { details: { status: 503 }, retryAfterMs: 2_000 });

    expect(toRunError(error)).toEqual({ code: 'HTTP_ERROR', message: 'answered 503', retryable: true, details: { status: 503, retryAfterMs: 2_000 } });
  });

  it('sorts the specific errors by their base class', () => {
    expect(toRunError(new TimeoutError(5_000))).toEqual({
      code: 'TIMEOUT',
      message: 'the node timed out after 5000 ms',
      retryable: true,
      details: { timeoutMs: 5_000 },
    });
    expect(toRunError(new CancelledError())).toMatchObject({ code: 'CANCELLED', retryable: false });
    expect(toRunError(new OutputTooLargeError(2_000, 1_000))).toEqual({
      code: 'OUTPUT_TOO_LARGE',
      message: 'the output is 2000 bytes, over the limit of 1000 bytes',
      retryable: false,
      details: { sizeBytes: 2_000, limitBytes: 1_000 },
    });
  });

  it('reports anything else as a retryable INTERNAL error named by its class', () => {
    expect(toRunError(new TypeError('x is not a function'))).toEqual({ code: 'INTERNAL', message: 'TypeError: x is not a function', retryable: true });
    expect(toRunError(new Error('disk went away'))).toEqual({ code: 'INTERNAL', message: 'disk went away', retryable: true });
    expect(toRunError('a thrown string')).toEqual({ code: 'INTERNAL', message: 'a thrown string', retryable: true });
    expect(toRunError({ weird: true })).toEqual({ code: 'INTERNAL', message: 'non-error thrown: {"weird":true}', retryable: true });
  });

  it('always produces what the protocol accepts', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const errors = [
      new NonRetryableError('NODE_FAILED', 'x'.repeat(ERROR_MESSAGE_MAX_LENGTH * 2)),
      new NonRetryableError('NODE_FAILED', 'bad details', { details: circular }),
      new NonRetryableError('NODE_FAILED', 'bigint', { details: { n: BigInt(1) } }),
      null,
      undefined,
    ];

    for (const error of errors) {
      const runError = toRunError(error);
      expect(RunErrorSchema.safeParse(runError).success).toBe(true);
      expect(runError.message.length).toBeLessThanOrEqual(ERROR_MESSAGE_MAX_LENGTH);
    }
    expect(toRunError(errors[0]).message.endsWith('[truncated]')).toBe(true);
  });

  it('keeps the cause on the error for logs, not in the report', () => {
    const cause = new Error('root cause');
    const error = new NonRetryableError('IO_ERROR', 'cannot read', { cause });

    expect(error.cause).toBe(cause);
    expect(toRunError(error)).toEqual({ code: 'IO_ERROR', message: 'cannot read', retryable: false });
  });
});
