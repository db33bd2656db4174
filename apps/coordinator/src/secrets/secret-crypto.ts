import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** AES-256-GCM: a 32-byte key, a fresh 12-byte IV per encryption (NIST SP 800-38D), a 16-byte tag. */
export const SECRET_KEY_BYTES = 32;
export const SECRET_IV_BYTES = 12;
export const SECRET_TAG_BYTES = 16;
const CIPHER = 'aes-256-gcm';
/** Hex digits of a key's SHA-256 that name it: enough to tell keys apart, useless to guess one. */
const KEY_ID_HEX_DIGITS = 16;

/** A key and the id rows encrypted under it carry. */
export interface SecretKey {
  readonly id: string;
  readonly bytes: Buffer;
}

/** What the `secrets` table keeps of a value (all base64 but the key id). */
export interface SealedSecret {
  readonly ciphertext: string;
  readonly iv: string;
  readonly authTag: string;
  readonly keyId: string;
}

/** The key to encrypt under, and every key a stored row may name (the current one included). */
export interface SecretKeyring {
  readonly current: SecretKey;
  readonly byId: ReadonlyMap<string, SecretKey>;
}

/** A key given as text that is not base64 of 32 bytes; `source` names the variable or file. */
export class SecretKeyInvalidError extends Error {
  override readonly name = 'SecretKeyInvalidError';
  constructor(readonly source: string) {
    super(`${source}: expected a base64-encoded ${SECRET_KEY_BYTES}-byte key (generate one with \`openssl rand -base64 ${SECRET_KEY_BYTES}\`)`);
  }
}

/** A stored secret that does not open: its key is not in the keyring, or it was tampered with. */
export class SecretUnreadableError extends Error {
  override readonly name = 'SecretUnreadableError';
  constructor(
    readonly secretName: string,
    readonly reason: 'unknown-key' | 'tampered',
    readonly keyId: string,
  ) {
    super(
      reason === 'unknown-key'
        ? `secret "${secretName}" is encrypted under key ${keyId}, which is not configured (RH_SECRETS_KEY, RH_SECRETS_KEY_FILE or RH_SECRETS_PREVIOUS_KEYS)`
        : `secret "${secretName}" does not decrypt under key ${keyId}: the row was changed or the key is not the one it was written with`,
    );
  }
}

export function keyIdOf(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, KEY_ID_HEX_DIGITS);
}

/** Parses a base64 key; anything but exactly 32 bytes of canonical base64 is refused naming `source`. */
export function parseSecretKey(text: string, source: string): SecretKey {
  const trimmed = text.trim();
  const bytes = Buffer.from(trimmed, 'base64');
  // Buffer.from ignores characters outside the alphabet; the round trip catches them.
  if (bytes.length !== SECRET_KEY_BYTES || bytes.toString('base64').replace(/=+$/, '') !== trimmed.replace(/=+$/, '')) {
    throw new SecretKeyInvalidError(source);
  }
  return { id: keyIdOf(bytes), bytes };
}

export function generateSecretKeyText(): string {
  return randomBytes(SECRET_KEY_BYTES).toString('base64');
}

export function keyringOf(current: SecretKey, previous: readonly SecretKey[] = []): SecretKeyring {
  const byId = new Map<string, SecretKey>();
  for (const key of [current, ...previous]) byId.set(key.id, key);
  return { current, byId };
}

/** Encrypts `value` under the keyring's current key; the secret's name is authenticated with it. */
export function sealSecret(keyring: SecretKeyring, name: string, value: string): SealedSecret {
  const iv = randomBytes(SECRET_IV_BYTES);
  const cipher = createCipheriv(CIPHER, keyring.current.bytes, iv, { authTagLength: SECRET_TAG_BYTES });
  cipher.setAAD(Buffer.from(name, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
  return { ciphertext: ciphertext.toString('base64'), iv: iv.toString('base64'), authTag: cipher.getAuthTag().toString('base64'), keyId: keyring.current.id };
}

/** Decrypts a stored secret with the key its row names; a wrong key or changed row throws SecretUnreadableError. */
export function openSecret(keyring: SecretKeyring, name: string, sealed: SealedSecret): string {
  const key = keyring.byId.get(sealed.keyId);
  if (!key) throw new SecretUnreadableError(name, 'unknown-key', sealed.keyId);
  try {
    const decipher = createDecipheriv(CIPHER, key.bytes, Buffer.from(sealed.iv, 'base64'), { authTagLength: SECRET_TAG_BYTES });
    decipher.setAAD(Buffer.from(name, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.authTag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretUnreadableError(name, 'tampered', sealed.keyId);
  }
}
