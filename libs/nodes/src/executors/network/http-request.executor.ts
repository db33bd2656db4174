import type { HttpRequestConfig, HttpRequestOutput } from '../../definitions/network/http-request.definition';
import { NonRetryableError } from '../../errors/non-retryable.error';
import { RetryableError } from '../../errors/retryable.error';
import { TimeoutError } from '../../errors/timeout.error';
import { errorCause, errorMessage, systemErrorCode } from '../../errors/error-shape';
import { HTTP_ERROR_BODY_EXCERPT_CHARS } from '../execution-defaults';
import type { ExecutionContext, Executor } from '../executor';
import { readBodyAtMost } from './http-body';
import { RETRYABLE_HTTP_STATUSES, isJsonContentType, parseRetryAfterMs } from './http-status';

/**
 * Methods whose repetition has no further effect; the others (POST, PATCH) get an
 * `Idempotency-Key`, the methods the IETF Idempotency-Key header draft is written for.
 */
const SAFE_OR_IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/**
 * Sends one HTTP request with the global fetch, bounded by `timeoutMs` and by the task's own
 * timeout and cancel.
 *
 * - Body: a string is sent as it is; anything else as JSON, with `content-type:
 *   application/json` unless a header says otherwise. POST and PATCH carry an
 *   `Idempotency-Key` (the node's key, the same for every attempt) unless one is set or the
 *   node says `idempotencyKey: false`.
 * - Response: parsed as JSON when its content type says so (text when it then does not
 *   parse, with a log line), else text; header names in lower case.
 * - Without `okStatuses` every status succeeds. With it, another status fails the node with
 *   HTTP_ERROR: retryable for 408, 425, 429 and 5xx gateway/availability errors (no sooner
 *   than `Retry-After`), not for the rest. A connection that fails is retryable HTTP_ERROR.
 */
export const httpRequestExecutor: Executor<HttpRequestConfig, HttpRequestOutput> = async (ctx) => {
  const { config } = ctx;
  const url = parseHttpUrl(config.url);
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new TimeoutError(config.timeoutMs, `the HTTP request to ${url.origin}`)), config.timeoutMs);
  const signal = AbortSignal.any([ctx.signal, timeout.signal]);
  try {
    const response = await send(url, requestInit(ctx, signal), signal);
    const bytes = await readBodyAtMost(response, ctx.maxOutputBytes).catch((error: unknown) => {
      throw signal.aborted ? signal.reason : error;
    });
    const headers = Object.fromEntries(response.headers.entries());
    const body = parseBody(bytes, response.headers.get('content-type'), ctx);
    if (config.okStatuses !== undefined && !config.okStatuses.includes(response.status)) {
      throw statusFailure(config, url, response, bytes);
    }
    return { output: { status: response.status, headers, body } };
  } finally {
    clearTimeout(timer);
  }
};

function parseHttpUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new NonRetryableError('CONFIG_INVALID', `config.url: not an absolute URL: ${text}`, { details: { path: 'config.url' } });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new NonRetryableError('CONFIG_INVALID', `config.url: only http and https URLs are supported, not ${url.protocol}`, {
      details: { path: 'config.url' },
    });
  }
  return url;
}

function requestInit(ctx: ExecutionContext<HttpRequestConfig>, signal: AbortSignal): RequestInit {
  const { config } = ctx;
  const headers = new Headers(config.headers);
  if (config.idempotencyKey && !SAFE_OR_IDEMPOTENT_METHODS.has(config.method) && !headers.has('idempotency-key')) {
    headers.set('idempotency-key', ctx.idempotencyKey);
  }
  if (config.body === undefined) return { method: config.method, headers, signal, redirect: 'follow' };
  if (config.method === 'GET' || config.method === 'HEAD') {
    throw new NonRetryableError('CONFIG_INVALID', `config.body: a ${config.method} request cannot have a body`, { details: { path: 'config.body' } });
  }
  if (typeof config.body === 'string') return { method: config.method, headers, body: config.body, signal, redirect: 'follow' };
  if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  return { method: config.method, headers, body: JSON.stringify(config.body), signal, redirect: 'follow' };
}

async function send(url: URL, init: RequestInit, signal: AbortSignal): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    // undici reports network failures as `TypeError: fetch failed` with the socket error as cause.
    const cause = errorCause(error);
    const reason = cause === undefined ? errorMessage(error) : errorMessage(cause);
    const errno = systemErrorCode(cause) ?? systemErrorCode(error);
    throw new RetryableError('HTTP_ERROR', `request to ${url.href} failed: ${reason}`, {
      details: { url: url.href, ...(errno === undefined ? {} : { errno }) },
      cause: error,
    });
  }
}

function parseBody(bytes: Buffer, contentType: string | null, ctx: ExecutionContext<HttpRequestConfig>): unknown {
  const text = bytes.toString('utf8');
  if (!isJsonContentType(contentType)) return text;
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    ctx.log('system', `the response says it is JSON but does not parse (${errorMessage(error)}); returning it as text`);
    return text;
  }
}

function statusFailure(config: HttpRequestConfig, url: URL, response: Response, bytes: Buffer): NonRetryableError | RetryableError {
  const message = `${config.method} ${url.href} answered ${response.status} ${response.statusText}`.trim() + `, not one of ${config.okStatuses?.join(', ')}`;
  const details = { status: response.status, url: url.href, bodyExcerpt: bytes.toString('utf8').slice(0, HTTP_ERROR_BODY_EXCERPT_CHARS) };
  if (!RETRYABLE_HTTP_STATUSES.has(response.status)) return new NonRetryableError('HTTP_ERROR', message, { details });
  const retryAfterMs = parseRetryAfterMs(response.headers.get('retry-after'), Date.now());
  return new RetryableError('HTTP_ERROR', message, { details, ...(retryAfterMs === undefined ? {} : { retryAfterMs }) });
}
