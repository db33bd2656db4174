import type { AgentConnectRefusalCode, ConnectRefusalData } from '@runtime-hub/protocol';
import { RateLimitedError } from '../edge/rate-limited.error';

/** A handshake refusal: Socket.IO sends `message` and `data` to the client in `connect_error`. */
export function connectRefusal(code: AgentConnectRefusalCode, message: string, retryAfterMs?: number): Error {
  const data: ConnectRefusalData = retryAfterMs === undefined ? { code } : { code, retryAfterMs };
  return Object.assign(new Error(message), { data });
}

/** The refusal of a handshake over its rate limit: retryable, with the wait. */
export function rateLimitedRefusal(error: RateLimitedError): Error {
  return connectRefusal('RATE_LIMITED', error.message, error.retryAfterMs);
}
