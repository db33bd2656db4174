import { createPrivateKey, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { agentAuthMessage } from '@runtime-hub/protocol';

/**
 * The worker's Ed25519 key pair: generated at enrollment, the public half sent to the
 * coordinator, the private half kept in the credential file (credential-store.ts). Each later
 * handshake is a signature over a fresh timestamp and nonce, so nothing secret crosses the wire.
 */

/** Random bytes of a handshake nonce: 128 bits never repeat by chance. */
export const HANDSHAKE_NONCE_BYTES = 16;

export interface AgentKeyPair {
  /** 32 raw bytes, base64url: what the coordinator stores. */
  readonly publicKey: string;
  /** PKCS#8 PEM: what the credential file keeps. */
  readonly privateKeyPem: string;
}

export function generateAgentKeyPair(): AgentKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  return { publicKey: String(jwk.x), privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() };
}

export interface SignedHandshake {
  readonly type: 'signature';
  readonly agentId: string;
  readonly timestampMs: number;
  readonly nonce: string;
  readonly signature: string;
}

export function signHandshake(privateKeyPem: string, agentId: string, timestampMs: number = Date.now()): SignedHandshake {
  const nonce = randomBytes(HANDSHAKE_NONCE_BYTES).toString('base64url');
  const message = Buffer.from(agentAuthMessage(agentId, timestampMs, nonce), 'utf8');
  const signature = sign(null, message, createPrivateKey(privateKeyPem)).toString('base64url');
  return { type: 'signature', agentId, timestampMs, nonce, signature };
}
