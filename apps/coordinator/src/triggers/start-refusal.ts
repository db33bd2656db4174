import { HttpStatus } from '@nestjs/common';
import { DefinitionInvalidError } from '../runs/core/errors/definition-invalid.error';
import { RunInputsInvalidError } from '../runs/core/errors/run-inputs-invalid.error';
import { SecretsUnknownError } from '../runs/core/errors/secrets-unknown.error';
import { TargetsUnmatchedError } from '../runs/core/errors/targets-unmatched.error';
import { ApiError } from '../openapi/api-error';

/**
 * Why the engine refused to start a run, when the refusal is about the request (the workflow
 * no longer validates, an input is wrong, no agent can match a target, a secret it names does not
 * exist, the workflow or version is gone): such a start never succeeds by trying again, so a fire or a batch item records it.
 * Null for anything else (the database was away): that is tried again.
 */
export function startRefusal(error: unknown): string | null {
  if (error instanceof DefinitionInvalidError || error instanceof RunInputsInvalidError || error instanceof TargetsUnmatchedError || error instanceof SecretsUnknownError) {
    return error.message;
  }
  if (error instanceof ApiError && (error.status === HttpStatus.NOT_FOUND || error.status === HttpStatus.BAD_REQUEST)) return error.message;
  return null;
}
