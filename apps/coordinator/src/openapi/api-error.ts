import { HttpStatus } from '@nestjs/common';

/**
 * An expected failure of a REST request, turned into `{ error: { code, message, ... } }`
 * with `status` by the global exception filter. `code` is what a client branches on;
 * `message` names what is wrong and where, for a person. `fields` are extra members of the
 * `error` object (`problems` for VALIDATION_FAILED, `details` elsewhere).
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: HttpStatus,
    readonly code: string,
    message: string,
    readonly fields: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  static notFound(message: string): ApiError {
    return new ApiError(HttpStatus.NOT_FOUND, 'NOT_FOUND', message);
  }

  static badRequest(message: string, details?: Record<string, unknown>): ApiError {
    return new ApiError(HttpStatus.BAD_REQUEST, 'BAD_REQUEST', message, details ? { details } : {});
  }

  static conflict(message: string): ApiError {
    return new ApiError(HttpStatus.CONFLICT, 'CONFLICT', message);
  }

  static forbidden(message: string): ApiError {
    return new ApiError(HttpStatus.FORBIDDEN, 'FORBIDDEN', message);
  }

  static unauthorized(message: string): ApiError {
    return new ApiError(HttpStatus.UNAUTHORIZED, 'UNAUTHORIZED', message);
  }
}
