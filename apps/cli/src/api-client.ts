import type { ValidationProblem } from '@runtime-hub/graph';
import { ApiRequestError } from './api-request.error';
import { CliError } from './cli-error';
import { EXIT_FAILED, EXIT_INVALID } from './command';
import type { CliConfig } from './cli.config';
import { REQUEST_TIMEOUT_MS } from './cli.defaults';

/**
 * A small client of the coordinator's REST API for the CLI commands. Every answer is parsed
 * JSON; every failure becomes a CliError whose message is what the user should read:
 * - 400 / 404 / 422: the server's message, then each problem on its own line (once: a message
 *   that only repeats the problems is cut to its headline); exit 2 (what was asked is invalid)
 * - 401: which token was used and how to set one; exit 1
 * - 409: the server's message (the state that forbids it); exit 1
 * - the coordinator cannot be reached: says so, and how to start one; exit 1
 * - anything else: the server's message and the status; exit 1
 */

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

  post<T>(path: string, body: unknown = {}, query: Query = {}): Promise<T> {
    return this.request<T>('POST', path + queryString(query), body);
  }

  /** A POST whose success status matters (`POST /api/runs?waitMs=`: 200 finished, 202 still going). */
  postForStatus<T>(path: string, body: unknown, query: Query = {}): Promise<{ status: number; body: T }> {
    return this.exchange<T>('POST', path + queryString(query), body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, body);
  }

  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    return (await this.exchange<T>(method, path, body)).body;
  }

  private async exchange<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
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
      return { status: response.status, body: json as T };
    }
    throw await this.httpError(method, path, response.status, json, text);
  }

  private unreachable(error: unknown): CliError {
    if ((error as { name?: string }).name === 'TimeoutError') {
      return new CliError(`the coordinator at ${this.config.url} did not answer within ${REQUEST_TIMEOUT_MS} ms`, EXIT_FAILED, { cause: error });
    }
    return new CliError(`cannot reach the coordinator at ${this.config.url} (is it running? runtime-hub up)`, EXIT_FAILED, { cause: error });
  }

  private async httpError(method: string, path: string, status: number, json: unknown, text: string): Promise<ApiRequestError> {
    const error = (json as { error?: Record<string, unknown> } | undefined)?.error;
    const message = typeof error?.message === 'string' ? error.message : text.trim().slice(0, MAX_RAW_ERROR_CHARS) || `HTTP ${status}`;
    const code = typeof error?.code === 'string' ? error.code : undefined;
    const problems = problemsOf(error);
    const refused = (said: string, exitCode: number) => new ApiRequestError(said, exitCode, status, code, problems);
    if (status === 401) {
      const advice = this.config.token
        ? `the token from ${this.config.tokenSource} was refused; set RH_TOKEN to a valid API token`
        : `no API token: set RH_TOKEN (on the coordinator's host, ${this.config.adminTokenFile} holds the admin token)`;
      return refused(`${message}: ${advice}`, EXIT_FAILED);
    }
    if (status === 409) return refused(message, EXIT_FAILED);
    const lines = await problemLines(error);
    const said = lines.length === 0 ? message : [...headline(message, lines), ...lines.map((line) => `  ${line}`)].join('\n');
    if (status === 400 || status === 404 || status === 422) return refused(said, EXIT_INVALID);
    return refused(`${method} ${path} failed (HTTP ${status}): ${said}`, EXIT_FAILED);
  }
}

/**
 * The line above the problems: the message up to its first `: ` (`invalid run inputs`,
 * `the workflow definition has 2 problems`), as the rest of it only repeats the problems.
 * None when that part is itself where a problem is (`body.inputs: ...`).
 */
function headline(message: string, problems: readonly string[]): string[] {
  const at = message.indexOf(': ');
  const head = at > 0 ? message.slice(0, at) : message;
  return problems.some((problem) => problem.startsWith(head)) ? [] : [`${head}:`];
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

/** Every problem an error body lists, whatever the route (see problemLines). */
function problemsOf(error: Record<string, unknown> | undefined): unknown[] {
  if (!error) return [];
  const details = (error.details ?? {}) as Record<string, unknown>;
  const lists = [error.problems, details.problems, details.issues].filter(Array.isArray) as unknown[][];
  return lists.flat();
}

/**
 * The problems an error body lists, one line each: validation problems of a workflow
 * (`problems`, formatted as `runtime-hub validate` prints them), input problems
 * (`{input, message}`), schema issues of the request (`details.issues`: `{path, message}`).
 */
export async function problemLines(error: Record<string, unknown> | undefined): Promise<string[]> {
  const problems = problemsOf(error);
  const isValidationProblem = (p: Record<string, unknown>) => typeof p.code === 'string' && typeof p.message === 'string' && Array.isArray(p.path);
  // The validator's formatter is loaded only for an answer that needs it.
  const format = problems.some((problem) => isValidationProblem((problem ?? {}) as Record<string, unknown>)) ? (await import('@runtime-hub/graph')).formatProblem : undefined;
  return problems.map((problem) => {
    const p = (problem ?? {}) as Record<string, unknown>;
    if (format && isValidationProblem(p)) return format(p as unknown as ValidationProblem);
    if (typeof p.input === 'string' && typeof p.message === 'string') return `input "${p.input}": ${p.message}`;
    if (typeof p.message === 'string') {
      const where = Array.isArray(p.path) ? p.path.join('.') : typeof p.path === 'string' ? p.path : '';
      const subject = typeof p.nodeId === 'string' ? `node "${p.nodeId}"` : '';
      return [subject, where, p.message].filter((part) => part !== '').join(': ');
    }
    return JSON.stringify(problem);
  });
}
