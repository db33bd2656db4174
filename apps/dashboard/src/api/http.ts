import type { ValidationProblem } from '@runtime-hub/graph';
import { ApiRequestError } from './api-request.error';

/**
 * Every REST call of the dashboard. The browser authenticates with the HttpOnly session
 * cookie (`POST /api/session`), so no token is ever held by page scripts; state-changing
 * calls carry `X-Requested-With: runtime-hub`, which the coordinator requires of
 * cookie-authenticated requests (a cross-site form cannot set it).
 */

export const CSRF_HEADER = 'X-Requested-With';
export const CSRF_HEADER_VALUE = 'runtime-hub';

type UnauthorizedListener = () => void;
const unauthorizedListeners = new Set<UnauthorizedListener>();

/** Called when a request answers 401: the session ended (expired, revoked, signed out elsewhere). */
export function onUnauthorized(listener: UnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

export async function apiRequest<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', [CSRF_HEADER]: CSRF_HEADER_VALUE };
  if (body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  } catch (error) {
    throw new ApiRequestError(0, 'NETWORK', 'the coordinator cannot be reached', [], { cause: error });
  }
  const text = await response.text();
  const payload = parseJson(text);
  if (response.ok) return payload as T;
  if (response.status === 401) for (const listener of unauthorizedListeners) listener();
  throw toError(response.status, payload);
}

export const api = {
  get: <T>(path: string) => apiRequest<T>('GET', path),
  post: <T>(path: string, body?: unknown) => apiRequest<T>('POST', path, body ?? {}),
  put: <T>(path: string, body: unknown) => apiRequest<T>('PUT', path, body),
  patch: <T>(path: string, body: unknown) => apiRequest<T>('PATCH', path, body),
  delete: <T>(path: string) => apiRequest<T>('DELETE', path),
};

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function toError(status: number, payload: unknown): ApiRequestError {
  const error = typeof payload === 'object' && payload !== null ? (payload as { error?: unknown }).error : undefined;
  if (typeof error === 'object' && error !== null) {
    const { code, message, problems } = error as { code?: unknown; message?: unknown; problems?: unknown };
    return new ApiRequestError(
      status,
      typeof code === 'string' ? code : `HTTP_${status}`,
      typeof message === 'string' ? message : `the coordinator answered ${status}`,
      Array.isArray(problems) ? (problems as ValidationProblem[]) : [],
    );
  }
  return new ApiRequestError(status, `HTTP_${status}`, `the coordinator answered ${status}`);
}
