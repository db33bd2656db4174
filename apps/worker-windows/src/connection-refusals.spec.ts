import { onConnectRefused, onRegisterRefused } from './connection-refusals';
import { MAX_RETRY_AFTER_MS } from './worker.defaults';

describe('onConnectRefused', () => {
  const error = (data?: unknown) => ({ message: 'refused', data });

  it.each([
    ['ENROLL_TOKEN_REFUSED', 'enroll', 'stop'],
    ['AGENT_REVOKED', 'signature', 'stop'],
    ['AUTH_FAILED', 'signature', 'reenroll'],
    ['AUTH_FAILED', 'enroll', 'retry'],
    ['SOMETHING_NEW', 'signature', 'retry'],
  ] as const)('a refusal %s of a %s handshake: %s', (code, handshake, kind) => {
    expect(onConnectRefused(error({ code }), true, handshake).kind).toBe(kind);
  });

  it('reads no code from a transport failure, which the socket survives', () => {
    expect(onConnectRefused(error({ code: 'AGENT_REVOKED' }), false, 'signature')).toEqual({ kind: 'retry', atLeastMs: 0 });
  });

  it('waits the retryAfterMs of a rate limit, capped, and ignores a bad one', () => {
    expect(onConnectRefused(error({ code: 'RATE_LIMITED', retryAfterMs: 1500 }), true, 'signature')).toEqual({ kind: 'retry', atLeastMs: 1500 });
    expect(onConnectRefused(error({ code: 'RATE_LIMITED', retryAfterMs: 1e12 }), true, 'signature')).toEqual({ kind: 'retry', atLeastMs: MAX_RETRY_AFTER_MS });
    expect(onConnectRefused(error({ code: 'RATE_LIMITED', retryAfterMs: 'soon' }), true, 'signature')).toEqual({ kind: 'retry', atLeastMs: 0 });
    expect(onConnectRefused(error({ code: 'RATE_LIMITED', retryAfterMs: -5 }), true, 'signature')).toEqual({ kind: 'retry', atLeastMs: 0 });
  });

  it('names the refusal in the message of a stop', () => {
    expect(onConnectRefused({ message: 'token expired' , data: { code: 'ENROLL_TOKEN_REFUSED' } }, true, 'enroll')).toEqual({
      kind: 'stop',
      message: 'the coordinator refused the enrollment: token expired',
    });
  });
});

describe('onRegisterRefused', () => {
  it.each([
    ['REVOKED', true, 'stop'],
    ['CONFLICT', true, 'stop'],
    ['UNAUTHORIZED', true, 'reenroll'],
    ['UNAUTHORIZED', false, 'stop'],
    ['INTERNAL', false, 'retry'],
  ] as const)('%s with an enroll token at hand: %s -> %s', (code, hasToken, kind) => {
    expect(onRegisterRefused(code, 'no', hasToken).kind).toBe(kind);
  });

  it('tells an agent without a token how to come back', () => {
    expect(onRegisterRefused('UNAUTHORIZED', 'unknown key', false)).toEqual({
      kind: 'stop',
      message: 'registration refused (UNAUTHORIZED: unknown key); enroll again with --enroll-token',
    });
  });
});
