import { credentialMatches, generateCredential, hashCredential, parseAgentHandshake, secretMatches } from './agent-credentials';

describe('agent credentials', () => {
  it('issues distinct credentials and recognizes one by its stored hash only', () => {
    const credential = generateCredential();
    expect(credential).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateCredential()).not.toBe(credential);
    const stored = hashCredential(credential);
    expect(credentialMatches(credential, stored)).toBe(true);
    expect(credentialMatches(`${credential}x`, stored)).toBe(false);
    expect(credentialMatches(credential, null)).toBe(false);
  });

  it('compares enrollment tokens exactly', () => {
    expect(secretMatches('token-1', 'token-1')).toBe(true);
    expect(secretMatches('token-1', 'token-2')).toBe(false);
    expect(secretMatches('', 'token-1')).toBe(false);
  });

  it('reads both handshake forms, with or without a type', () => {
    expect(parseAgentHandshake({ enrollToken: 't' })).toEqual({ ok: true, auth: { type: 'enroll', enrollToken: 't' } });
    expect(parseAgentHandshake({ agentId: 'a1', credential: 'c' })).toEqual({ ok: true, auth: { type: 'credential', agentId: 'a1', credential: 'c' } });
    expect(parseAgentHandshake({ type: 'credential', agentId: 'a1', credential: 'c' })).toEqual({
      ok: true,
      auth: { type: 'credential', agentId: 'a1', credential: 'c' },
    });
  });

  it('says what is wrong with a bad handshake', () => {
    expect(parseAgentHandshake(undefined)).toEqual({ ok: false, message: expect.stringMatching(/^missing auth/) });
    expect(parseAgentHandshake({})).toEqual({ ok: false, message: expect.stringMatching(/agentId/) });
    expect(parseAgentHandshake({ agentId: 'a:1', credential: 'c' })).toEqual({ ok: false, message: expect.stringMatching(/^invalid auth \(agentId: /) });
  });
});
