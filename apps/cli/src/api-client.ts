import { formatProblem, type ValidationProblem } from '@runtime-hub/graph';
import { CliError } from './cli-error';
import { EXIT_FAILED, EXIT_INVALID } from './command';
import type { CliConfig } from './cli.config';

/**
 * A small client of the coordinator's REST API for the CLI commands. Every answer is parsed
 * JSON; every failure becomes a CliError whose message is what the user should read:
 * - 400 / 404 / 422: the server's message, then each problem on its own line; exit 2
 *   (what was asked for is invalid)
 * - 401: which token was used and how to set one; exit 1
 * - the coordinator cannot be reached: says so, and how to start one; exit 1
 * - anything else: the server's message and the status; exit 1
 */

/** One request, connect to last byte. The API answers in milliseconds; a minute means it is stuck. */
export const REQUEST_TIMEOUT_MS = 60_000;

type Query = Readonly<Record<string, string | number | undefined>>;
type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export class ApiClient {
  constructor(
    private readonly config: Pick<CliConfig, 'url' | 'token' | 'tokenSource' | 'adminTokenFile'>,
    private readonly fetchImpl: FetchLike = fetch,
  ) {}

  get<T>(path: string, query: Query = {}): Promise<T> {
    return this.request<T>('GET', path + queryString(query));
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = `${this.config.url}${path}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.config.token) headers.authorization = `Bearer ${this.config.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await this.fetchImpl(url, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      throw this.unreachable(error);
    }
    const text = await response.text();
    const json = parseJson(text);
    if (response.ok) {
      if (json === undefined && text !== '') throw new CliError(`${method} ${path}: the coordinator answered with something that is not JSON`, EXIT_FAILED);
      return json as T;
    }
    throw this.httpError(method, path, response.status, json, text);
  }

  private unreachable(error: unknown): CliError {
    if ((error as { name?: string }).name === 'TimeoutError') {
      return new CliError(`the coordinator at ${this.config.url} did not answer within ${REQUEST_TIMEOUT_MS} ms`, EXIT_FAILED, { cause: error });
    }
    return new CliError(`cannot reach the coordinator at ${this.config.url} (is it running? runtime-hub up)`, EXIT_FAILED, { cause: error });
  }

  private httpError(method: string, path: string, status: number, json: unknown, text: string): CliError {
    const error = (json as { error?: Record<string, unknown> } | undefined)?.error;
    const message = typeof error?.message === 'string' ? error.message : text.trim().slice(0, MAX_RAW_ERROR_CHARS) || `HTTP ${status}`;
    if (status === 401) {
      const advice = this.config.token
        ? `the token from ${this.config.tokenSource} was refused; set RH_TOKEN to a valid API token`
        : `no API token: set RH_TOKEN (on the coordinator's host, ${this.config.adminTokenFile} holds the admin token)`;
      return new CliError(`${message}: ${advice}`, EXIT_FAILED);
    }
    const problems = problemLines(error);
    const lines = [message, ...problems.filter((line) => line !== message)];
    if (status === 400 || status === 404 || status === 422) return new CliError(lines.join('\n'), EXIT_INVALID);
    return new CliError(`${method} ${path} failed (HTTP ${status}): ${lines.join('\n')}`, EXIT_FAILED);
  }
}

/** Characters of a non-JSON error body quoted in the message. */
const MAX_RAW_ERROR_CHARS = 500;

function queryString(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The problems an error body lists, one line each, whatever the route: validation problems of
 * a workflow (`problems`, formatted as `runtime-hub validate` prints them), input problems
 * (`{input, message}`), schema issues of the request (`details.issues`: `{path, message}`).
 */
export function problemLines(error: Record<string, unknown> | undefined): string[] {
  if (!error) return [];
  const details = (error.details ?? {}) as Record<string, unknown>;
  const lists = [error.problems, details.problems, details.issues].filter(Array.isArray) as unknown[][];
  return lists.flat().map(problemLine);
}

function problemLine(problem: unknown): string {
  const p = (problem ?? {}) as Record<string, unknown>;
  if (typeof p.code === 'string' && typeof p.message === 'string' && Array.isArray(p.path)) {
    return formatProblem(p as unknown as ValidationProblem);
  }
  if (typeof p.input === 'string' && typeof p.message === 'string') return `input "${p.input}": ${p.message}`;
  if (typeof p.message === 'string') {
    const where = Array.isArray(p.path) ? p.path.join('.') : typeof p.path === 'string' ? p.path : '';
    return where ? `${where}: ${p.message}` : p.message;
  }
  return JSON.stringify(problem);
}
