import { ERROR_MESSAGE_MAX_LENGTH } from '@runtime-hub/protocol';
import { NonRetryableError } from './non-retryable.error';
import { RetryableError } from './retryable.error';
import type { RunError } from './run-error-code';
import { errorMessage, errorName } from './error-shape';

/** Marks where a message over `ERROR_MESSAGE_MAX_LENGTH` was cut. */
const TRUNCATION_MARK = ' …[truncated]';

/**
 * What an agent reports for a thrown value. The class decides `retryable` (STYLE.md §4):
 * `NonRetryableError` (and its subclasses) no, `RetryableError` (and `TimeoutError`) yes.
 * Anything else is a bug or an unforeseen condition: `INTERNAL`, retryable, so a transient
 * oddity gets another chance within the retry policy.
 */
export function toRunError(error: unknown): RunError {
  if (error instanceof NonRetryableError) {
    return build(error.code, error.message, false, error.details);
  }
  if (error instanceof RetryableError) {
    const details = error.retryAfterMs === undefined ? error.details : { ...error.details, retryAfterMs: error.retryAfterMs };
    return build(error.code, error.message, true, details);
  }
  return build('INTERNAL', describeUnknown(error), true, undefined);
}

function build(code: RunError['code'], message: string, retryable: boolean, details: Readonly<Record<string, unknown>> | undefined): RunError {
  const runError: RunError = { code, message: truncateMessage(message), retryable };
  const jsonDetails = details === undefined ? undefined : toJsonObject(details);
  if (jsonDetails !== undefined && Object.keys(jsonDetails).length > 0) runError.details = jsonDetails;
  return runError;
}

function describeUnknown(error: unknown): string {
  if (typeof error === 'string') return error;
  const name = errorName(error);
  if (name !== undefined) {
    // The class name tells a bug (TypeError) from an operational failure (a plain Error).
    const message = errorMessage(error);
    return name !== 'Error' ? `${name}: ${message}` : message || name;
  }
  try {
    return `non-error thrown: ${JSON.stringify(error)}`;
  } catch {
    return `non-error thrown: ${String(error)}`;
  }
}

function truncateMessage(message: string): string {
  if (message.length <= ERROR_MESSAGE_MAX_LENGTH) return message;
  return message.slice(0, ERROR_MESSAGE_MAX_LENGTH - TRUNCATION_MARK.length) + TRUNCATION_MARK;
}

/** Details cross processes as JSON: anything JSON cannot carry is dropped, never thrown on. */
function toJsonObject(details: Readonly<Record<string, unknown>>): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(JSON.stringify(details));
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return { unserializable: true };
  }
}
