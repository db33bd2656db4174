import { generateKeyPairSync, sign } from 'node:crypto';
import { agentAuthMessage } from '@runtime-hub/protocol';
import { agentSignatureValid, hashSecret, parseAgentHandshake, secretMatches } from './agent-credentials';

function keyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return { publicKey: String(publicKey.export({ format: 'jwk' }).x), privateKey };
}

describe('agent credentials', () => {
  it('stores secrets as a SHA-256 and compares them exactly', () => {
    expect(hashSecret('token-1')).toMatch(/^[0-9a-f]{64}$/);
    expect(secretMatches('token-1', 'token-1')).toBe(true);
    expect(secretMatches('token-1', 'token-2')).toBe(false);
    expect(secretMatches('', 'token-1')).toBe(false);
  });

  describe('agentSignatureValid', () => {
    const signed = { agentId: 'a1', timestampMs: 1_700_000_000_000, nonce: 'n'.repeat(22) };
    const { publicKey, privateKey } = keyPair();
    const signature = sign(null, Buffer.from(agentAuthMessage(signed.agentId, signed.timestampMs, signed.nonce)), privateKey).toString('base64url');

    it('accepts the signature of the handshake text by the enrolled key', () => {
      expect(agentSignatureValid(publicKey, signed, signature)).toBe(true);
    });

    it('refuses it for any other agent, time or nonce, and under any other key', () => {
      expect(agentSignatureValid(publicKey, { ...signed, agentId: 'a2' }, signature)).toBe(false);
      expect(agentSignatureValid(publicKey, { ...signed, timestampMs: signed.timestampMs + 1 }, signature)).toBe(false);
      expect(agentSignatureValid(publicKey, { ...signed, nonce: 'm'.repeat(22) }, signature)).toBe(false);
      expect(agentSignatureValid(keyPair().publicKey, signed, signature)).toBe(false);
    });

    it('refuses malformed keys and signatures without throwing', () => {
      expect(agentSignatureValid('not-a-key', signed, signature)).toBe(false);
      expect(agentSignatureValid(publicKey, signed, 'A'.repeat(86))).toBe(false);
    });
  });

  it('reads both handshake forms, with or without a type', () => {
    expect(parseAgentHandshake({ enrollToken: 't' })).toEqual({ ok: true, auth: { type: 'enroll', enrollToken: 't' } });
    const signedAuth = { agentId: 'a1', timestampMs: 1, nonce: 'n'.repeat(22), signature: 's'.repeat(86) };
    expect(parseAgentHandshake(signedAuth)).toEqual({ ok: true, auth: { type: 'signature', ...signedAuth } });
    expect(parseAgentHandshake({ type: 'signature', ...signedAuth })).toEqual({ ok: true, auth: { type: 'signature', ...signedAuth } });
  });

  it('says what is wrong with a bad handshake', () => {
    expect(parseAgentHandshake(undefined)).toEqual({ ok: false, message: expect.stringMatching(/^missing auth/) });
    expect(parseAgentHandshake({})).toEqual({ ok: false, message: expect.stringMatching(/agentId/) });
    expect(parseAgentHandshake({ agentId: 'a1', credential: 'c' })).toEqual({ ok: false, message: expect.stringMatching(/^invalid auth \(/) });
  });
});
