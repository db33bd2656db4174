import { MAX_RETRY_AFTER_MS } from './worker.defaults';

/**
 * What the worker does when the coordinator refuses it, decided apart from the socket that
 * carried the refusal (control-channel.ts applies it):
 *
 *   stop:     retrying cannot help and would hide the problem; the worker exits with `message`
 *   reenroll: the stored credential was refused; the next attempt enrolls with the token
 *   retry:    follow the reconnect backoff, waiting at least `atLeastMs`
 */
export type RefusalOutcome =
  | { readonly kind: 'stop'; readonly message: string }
  | { readonly kind: 'reenroll'; readonly atLeastMs: number }
  | { readonly kind: 'retry'; readonly atLeastMs: number };

/** How the last handshake authenticated: a first enrollment or a signature with the stored key. */
export type HandshakeKind = 'enroll' | 'signature';

/**
 * A failed connection. A refusal by the server's middleware destroys the socket (`refused`)
 * and names its kind in `data.code`; a transport failure does not. A refused enroll token and
 * a revoked agent end the worker; a refused signature falls back to enrolling; RATE_LIMITED
 * says nothing about the credential: the next attempt waits at least the `retryAfterMs` the
 * coordinator named.
 */
export function onConnectRefused(error: { message: string; data?: unknown }, refused: boolean, handshake: HandshakeKind | undefined): RefusalOutcome {
  const code = refused ? refusalCode(error.data) : undefined;
  if (code === 'ENROLL_TOKEN_REFUSED') return { kind: 'stop', message: `the coordinator refused the enrollment: ${error.message}` };
  if (code === 'AGENT_REVOKED') return { kind: 'stop', message: `the coordinator refused this agent: ${error.message}` };
  if (code === 'AUTH_FAILED' && handshake === 'signature') return { kind: 'reenroll', atLeastMs: 0 };
  return { kind: 'retry', atLeastMs: code === 'RATE_LIMITED' ? retryAfterMsOf(error.data) : 0 };
}

/**
 * A refused `agent:register`. REVOKED: the agent stays out until an administrator enrolls it
 * again on purpose. CONFLICT: the name belongs to another agent, which trying again cannot
 * change. UNAUTHORIZED: enroll again, if there is a token to do it with.
 */
export function onRegisterRefused(code: string, message: string, hasEnrollToken: boolean): RefusalOutcome {
  if (code === 'REVOKED') return { kind: 'stop', message: `registration refused (${code}: ${message}); this agent was revoked` };
  if (code === 'CONFLICT') return { kind: 'stop', message: `registration refused (${code}: ${message})` };
  if (code === 'UNAUTHORIZED') {
    if (!hasEnrollToken) return { kind: 'stop', message: `registration refused (${code}: ${message}); enroll again with --enroll-token` };
    return { kind: 'reenroll', atLeastMs: 0 };
  }
  return { kind: 'retry', atLeastMs: 0 };
}

/** The `data.code` of a handshake refusal (AgentConnectRefusalCode), if the error carries one. */
export function refusalCode(data: unknown): string | undefined {
  const code = (data as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The `data.retryAfterMs` of a RATE_LIMITED refusal (ConnectRefusalData), capped so a bad value cannot park the agent. */
function retryAfterMsOf(data: unknown): number {
  const wait = (data as { retryAfterMs?: unknown } | null | undefined)?.retryAfterMs;
  return typeof wait === 'number' && Number.isFinite(wait) && wait > 0 ? Math.min(wait, MAX_RETRY_AFTER_MS) : 0;
}
