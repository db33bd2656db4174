import { randomUUID } from 'node:crypto';
import { Catch, HttpException, HttpStatus, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { z } from 'zod';
import { RATE_LIMIT_ENV } from '../edge/rate-limit.buckets';
import { RateLimitUnavailableError } from '../edge/rate-limit-unavailable.error';
import { RateLimitedError } from '../edge/rate-limited.error';
import { LOGGER, type Logger } from '../logging/logger';
import { ApiError } from './api-error';
import { databaseDataException } from './database-input-error';
import { INTERNAL, INVALID_REQUEST, RATE_LIMITED, UNAVAILABLE, type ApiErrorBody } from './api-error.schema';
import { describeIssues, summarizeIssues } from './zod-issues';

interface ErrorResponse {
  readonly status: number;
  readonly body: ApiErrorBody;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Every failed HTTP request answers `{ error: { code, message, details? } }`:
 * - ApiError: its status, code and fields.
 * - a zod error: 400 INVALID_REQUEST naming every wrong path.
 * - RateLimitedError: 429 RATE_LIMITED with `Retry-After` and the limit in `details`;
 *   RateLimitUnavailableError: 503 UNAVAILABLE (the limit fails closed while Redis is away).
 * - a NestJS HttpException (unknown route, malformed JSON) or a client error of the body
 *   parser (body too large): its status, with the status name as code (NOT_FOUND,
 *   BAD_REQUEST, PAYLOAD_TOO_LARGE).
 * - a database data exception (SQLSTATE class 22: a value out of range or not storable) is a
 *   value of the request that a schema let through: 400 INVALID_REQUEST, logged as a warning
 *   with the request so the missing check can be added.
 * - anything else is a bug: 500 INTERNAL with an `errorId`; the error and its stack go to
 *   the log under the same id, never to the client.
 * Socket.IO gateways are not HTTP and keep their own handling.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const { status, body, headers } = this.toResponse(exception, request);
    if (response.headersSent) {
      response.end();
      return;
    }
    for (const [name, value] of Object.entries(headers ?? {})) response.setHeader(name, value);
    response.status(status).json(body);
  }

  private toResponse(exception: unknown, request: Request): ErrorResponse {
    if (exception instanceof ApiError) {
      this.logger.debug({ method: request.method, url: request.originalUrl, code: exception.code }, exception.message);
      const headers = exception.status === HttpStatus.UNAUTHORIZED ? { 'WWW-Authenticate': 'Bearer' } : undefined;
      return {
        status: exception.status,
        body: { error: { code: exception.code, message: exception.message, ...exception.fields } },
        ...(headers ? { headers } : {}),
      };
    }
    if (exception instanceof RateLimitedError) {
      return {
        status: HttpStatus.TOO_MANY_REQUESTS,
        body: {
          error: {
            code: RATE_LIMITED,
            message: exception.message,
            details: { limit: exception.limit, variable: RATE_LIMIT_ENV[exception.limit], over: exception.scope, retryAfterSeconds: exception.retryAfterSeconds },
          },
        },
        headers: { 'Retry-After': String(exception.retryAfterSeconds) },
      };
    }
    if (exception instanceof RateLimitUnavailableError) {
      return { status: HttpStatus.SERVICE_UNAVAILABLE, body: { error: { code: UNAVAILABLE, message: exception.message, details: { limit: exception.limit } } } };
    }
    if (exception instanceof z.core.$ZodError) {
      const issues = summarizeIssues(exception.issues);
      return { status: HttpStatus.BAD_REQUEST, body: { error: { code: INVALID_REQUEST, message: describeIssues(issues), details: { issues } } } };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = HttpStatus[status] ?? (status >= 500 ? INTERNAL : 'BAD_REQUEST');
      return { status, body: { error: { code, message: httpExceptionMessage(exception) } } };
    }
    if (isClientHttpError(exception)) {
      const code = HttpStatus[exception.status] ?? 'BAD_REQUEST';
      return { status: exception.status, body: { error: { code, message: exception.message, ...(exception.type ? { details: { type: exception.type } } : {}) } } };
    }
    const dataException = databaseDataException(exception);
    if (dataException) {
      this.logger.warn({ err: exception, sqlState: dataException.code, method: request.method, url: request.originalUrl }, 'a request value reached the database unchecked and was refused there');
      return {
        status: HttpStatus.BAD_REQUEST,
        body: { error: { code: INVALID_REQUEST, message: `a value of the request cannot be stored: ${firstLine(dataException.message)}`, details: { sqlState: dataException.code } } },
      };
    }
    const errorId = randomUUID();
    this.logger.error({ err: exception, errorId, method: request.method, url: request.originalUrl }, 'request failed with an unexpected error');
    return {
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      body: { error: { code: INTERNAL, message: `internal error (errorId ${errorId})`, details: { errorId } } },
    };
  }
}

/** NestJS puts the message in `response.message`, sometimes as a list (validation pipes). */
function httpExceptionMessage(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return typeof message === 'string' ? message : exception.message;
}

/**
 * Errors in the `http-errors` convention (what Express's body parser throws: a body over
 * RH_MAX_REQUEST_BYTES, an unsupported charset): a 4xx `status` and `expose: true`, which
 * says the message is meant for the client.
 */
function isClientHttpError(error: unknown): error is Error & { status: number; type?: string } {
  if (!(error instanceof Error)) return false;
  const { status, expose } = error as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= HttpStatus.BAD_REQUEST && status < HttpStatus.INTERNAL_SERVER_ERROR && expose === true;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
