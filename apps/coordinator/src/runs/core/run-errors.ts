import { ERROR_MESSAGE_MAX_LENGTH, isRetryableByDefault, type JsonObject, type RunError, type RunErrorCode } from '@runtime-hub/protocol';

/** Marks a message that was cut to fit ERROR_MESSAGE_MAX_LENGTH. */
const TRUNCATION_MARK = ' …';

export interface RunErrorOptions {
  readonly nodeId?: string;
  readonly details?: JsonObject;
  /** Default: the code's entry in RETRYABLE_BY_DEFAULT. */
  readonly retryable?: boolean;
}

/**
 * A RunError the engine itself decides on (template failures, child runs, limits). The
 * message is cut to the protocol's limit so that a long JSONata message or a list of failed
 * iterations never makes a record invalid.
 */
export function runError(code: RunErrorCode, message: string, options: RunErrorOptions = {}): RunError {
  const text = message.length > ERROR_MESSAGE_MAX_LENGTH ? message.slice(0, ERROR_MESSAGE_MAX_LENGTH - TRUNCATION_MARK.length) + TRUNCATION_MARK : message;
  return {
    code,
    message: text,
    retryable: options.retryable ?? isRetryableByDefault(code),
    ...(options.nodeId !== undefined ? { nodeId: options.nodeId } : {}),
    ...(options.details !== undefined ? { details: options.details } : {}),
  };
}

/** The same error, naming the node it is about (a run's error names its failing node). */
export function withNodeId(error: RunError, nodeId: string): RunError {
  return error.nodeId === nodeId ? error : { ...error, nodeId };
}
