/**
 * What the edge tests share: a coordinator (in this process, or as real `runtime-hub
 * coordinator` processes), HTTP calls that can carry a cookie, a CSRF header and an
 * `X-Forwarded-For` (the tests act as a trusted proxy to speak for several source addresses),
 * and Socket.IO connections whose refusals keep their `data`.
 */
import { io, type Socket } from 'socket.io-client';
import { bootTestCoordinator, type TestCoordinator } from '../coordinator-api/coordinator.harness';
import type { TestDatabase } from '@runtime-hub/db/src/testing/test-database';

export { TEST_ADMIN_TOKEN, TEST_REDIS_URL, uniqueQueuePrefix } from '../coordinator-api/coordinator.harness';

/** The tests' own address, trusted as a proxy so that X-Forwarded-For names other clients. */
export const TEST_PROXY = '127.0.0.1';
export const CSRF = { 'x-requested-with': 'runtime-hub' } as const;
/** How long a socket may take to connect or be refused. */
export const SOCKET_TIMEOUT_MS = 10_000;
/** Upper bound of every wait for something that happens eventually (never a timing assertion). */
export const EVENTUALLY_MS = 20_000;
const POLL_MS = 50;

export type EdgeCoordinator = TestCoordinator & { database: TestDatabase };

/** A coordinator in this process; 127.0.0.1 is a trusted proxy unless `env` says otherwise. */
export function bootEdgeCoordinator(env: Record<string, string> = {}): Promise<EdgeCoordinator> {
  return bootTestCoordinator({ RH_TRUSTED_PROXIES: TEST_PROXY, ...env });
}

export interface CallOptions {
  readonly token?: string;
  readonly cookie?: string;
  readonly body?: unknown;
  readonly rawBody?: string;
  /** Sent as X-Forwarded-For: the client address when the peer is a trusted proxy. */
  readonly from?: string;
  readonly headers?: Record<string, string>;
}

export interface CallResult {
  readonly status: number;
  readonly headers: Headers;
  readonly body: { error?: { code: string; message: string; details?: Record<string, unknown> } } & Record<string, unknown>;
}

export async function call(url: string, method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.cookie) headers.cookie = options.cookie;
  if (options.from) headers['x-forwarded-for'] = options.from;
  const payload = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  if (payload !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${url}${path}`, { method, headers, ...(payload === undefined ? {} : { body: payload }) });
  const text = await response.text();
  const json = text !== '' && (response.headers.get('content-type') ?? '').includes('json');
  return { status: response.status, headers: response.headers, body: json ? JSON.parse(text) : { text } };
}

/** `POST /api/session`; on success the `Cookie` value a browser would send next. */
export async function signIn(url: string, token: string, from?: string): Promise<{ result: CallResult; cookie: string | undefined; sessionToken: string | undefined }> {
  const result = await call(url, 'POST', '/api/session', { body: { token }, headers: CSRF, ...(from ? { from } : {}) });
  const cookie = result.headers.get('set-cookie')?.split(';')[0];
  const sessionToken = cookie?.startsWith('rh_session=') ? decodeURIComponent(cookie.slice('rh_session='.length)) : undefined;
  return { result, cookie, sessionToken };
}

/** A Socket.IO refusal as the client sees it: the message and the server's `data`. */
export interface SocketRefusal extends Error {
  data?: { code?: string; retryAfterMs?: number };
}

export interface SocketOptions {
  readonly auth?: Record<string, unknown>;
  readonly from?: string;
  readonly headers?: Record<string, string>;
}

/** Connects to a namespace (no reconnection); rejects with the refusal. */
export function connectSocket(url: string, namespace: string, options: SocketOptions = {}): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const extraHeaders: Record<string, string> = { ...options.headers, ...(options.from ? { 'x-forwarded-for': options.from } : {}) };
    const socket = io(`${url}${namespace}`, {
      auth: options.auth ?? {},
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: SOCKET_TIMEOUT_MS,
      extraHeaders,
    });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error: SocketRefusal) => {
      socket.close();
      reject(error);
    });
  });
}

/** The refusal of a connection that must be refused. */
export async function refusalOf(connecting: Promise<Socket>): Promise<SocketRefusal> {
  try {
    const socket = await connecting;
    socket.close();
  } catch (error) {
    return error as SocketRefusal;
  }
  throw new Error('the connection was accepted; a refusal was expected');
}

/** Resolves with the reason once the socket is disconnected. */
export function disconnected(socket: Socket): Promise<string> {
  if (!socket.connected) return Promise.resolve('already disconnected');
  return new Promise((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
}

/** Polls until `check` gives a value other than undefined / false, or fails naming `what`. */
export async function eventually<T>(check: () => T | Promise<T>, what: string, timeoutMs = EVENTUALLY_MS): Promise<Exclude<T, undefined | false>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value as Exclude<T, undefined | false>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** A rejection within `timeoutMs`, or the promise's own outcome. */
export function within<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
