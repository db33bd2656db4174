import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../../openapi/api-error';
import { DefinitionInvalidError } from '../core/errors/definition-invalid.error';
import { RunInputsInvalidError } from '../core/errors/run-inputs-invalid.error';
import { RunNotFoundError } from '../core/errors/run-not-found.error';
import { RunStateConflictError } from '../core/errors/run-state-conflict.error';
import { SecretsUnknownError } from '../core/errors/secrets-unknown.error';
import { TargetsUnmatchedError } from '../core/errors/targets-unmatched.error';

/** Code of a start refused because the inputs do not fit the workflow's declared inputs. */
export const INVALID_INPUTS = 'INVALID_INPUTS';
/** Code of a start refused because the definition did not validate (as /api/workflows answers). */
export const VALIDATION_FAILED = 'VALIDATION_FAILED';
/** Code of a start refused because a node targets labels or an agent that no known agent has. */
export const TARGET_UNMATCHED = 'TARGET_UNMATCHED';
/** Code of a start refused because the definition references a secret the store does not hold. */
export const SECRET_UNKNOWN = 'SECRET_UNKNOWN';

/**
 * The engine's errors as REST answers: unknown run 404, a state that forbids the action 409,
 * an invalid definition 400 VALIDATION_FAILED with every problem, invalid inputs 400
 * INVALID_INPUTS with one problem per input, a target no agent can match 400
 * TARGET_UNMATCHED with one problem per node, an unknown secret 400 SECRET_UNKNOWN with one
 * problem per secret. Anything else goes on to the global filter.
 */
export function toApiError(error: unknown): unknown {
  if (error instanceof RunNotFoundError) return ApiError.notFound(error.message);
  if (error instanceof RunStateConflictError) return ApiError.conflict(error.message);
  if (error instanceof DefinitionInvalidError) {
    return new ApiError(HttpStatus.BAD_REQUEST, VALIDATION_FAILED, error.message, { problems: error.problems }, { cause: error });
  }
  if (error instanceof RunInputsInvalidError) {
    return new ApiError(HttpStatus.BAD_REQUEST, INVALID_INPUTS, error.message, { problems: error.problems }, { cause: error });
  }
  if (error instanceof TargetsUnmatchedError) {
    const problems = error.unmatched.map((entry) => ({ nodeId: entry.nodeId, message: entry.message }));
    return new ApiError(HttpStatus.BAD_REQUEST, TARGET_UNMATCHED, error.message, { problems }, { cause: error });
  }
  if (error instanceof SecretsUnknownError) {
    const problems = error.names.map((name) => ({ secret: name, message: `secrets.${name} does not exist` }));
    return new ApiError(HttpStatus.BAD_REQUEST, SECRET_UNKNOWN, error.message, { problems }, { cause: error });
  }
  return error;
}

/** Awaits `work`, turning engine errors into REST answers. */
export async function asApi<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw toApiError(error);
  }
}
