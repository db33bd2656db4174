import { createHmac } from 'node:crypto';
import { newHookSecret, refuseCall, storedSecret } from './hook-auth';

const body = Buffer.from('{"ref":"main"}');
const sign = (secret: string, raw: Buffer) => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`;

describe('webhook authentication', () => {
  const secret = newHookSecret();

  it.each([
    ['the right bearer token', 'token', { authorization: `Bearer ${secret}`, rawBody: body }, null],
    ['the right token in X-Hook-Token', 'token', { token: secret, rawBody: body }, null],
    ['another token', 'token', { authorization: 'Bearer rhh_nope', rawBody: body }, "the token is not this hook's"],
    ['no token', 'token', { rawBody: body }, 'this hook needs its token: "Authorization: Bearer <token>" or "x-hook-token: <token>"'],
    ['the right signature', 'hmac-sha256', { signature: sign(secret, body), rawBody: body }, null],
    ['a signature in upper case hex', 'hmac-sha256', { signature: sign(secret, body).toUpperCase().replace('SHA256=', 'sha256='), rawBody: body }, null],
    ['a signature of another body', 'hmac-sha256', { signature: sign(secret, Buffer.from('{"ref":"evil"}')), rawBody: body }, 'the signature does not match the body'],
    ['a signature with another secret', 'hmac-sha256', { signature: sign('other', body), rawBody: body }, 'the signature does not match the body'],
    ['no signature', 'hmac-sha256', { rawBody: body }, 'this hook needs a signature: "x-hub-signature-256: sha256=<hex of HMAC-SHA256(secret, body)>"'],
  ] as const)('%s', (_what, auth, credentials, refusal) => {
    expect(refuseCall(auth, storedSecret(auth, secret), credentials)).toBe(refusal);
  });

  it('stores a token as its hash, never as itself', () => {
    expect(storedSecret('token', secret)).not.toContain(secret);
    expect(storedSecret('token', secret)).toMatch(/^[0-9a-f]{64}$/);
  });
});
