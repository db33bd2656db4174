import { generateSecretKeyText, keyringOf, openSecret, parseSecretKey, sealSecret, SecretKeyInvalidError, SecretUnreadableError } from './secret-crypto';

const keyA = parseSecretKey(generateSecretKeyText(), 'A');
const keyB = parseSecretKey(generateSecretKeyText(), 'B');

describe('secret crypto (AES-256-GCM)', () => {
  it('round-trips a value, and the ciphertext holds neither the value nor its base64', () => {
    const keyring = keyringOf(keyA);
    const sealed = sealSecret(keyring, 'DB_PASSWORD', 'hunter2-ünïcode');
    expect(openSecret(keyring, 'DB_PASSWORD', sealed)).toBe('hunter2-ünïcode');
    expect(sealed.keyId).toBe(keyA.id);
    expect(Buffer.from(sealed.ciphertext, 'base64').toString('utf8')).not.toContain('hunter2');
    expect(sealed.ciphertext).not.toContain(Buffer.from('hunter2').toString('base64'));
  });

  it('uses a fresh IV each time: the same value seals differently', () => {
    const keyring = keyringOf(keyA);
    const first = sealSecret(keyring, 'X', 'same');
    const second = sealSecret(keyring, 'X', 'same');
    expect(first.iv).not.toBe(second.iv);
    expect(first.ciphertext).not.toBe(second.ciphertext);
  });

  it('refuses a changed ciphertext, tag or name (the name is authenticated)', () => {
    const keyring = keyringOf(keyA);
    const sealed = sealSecret(keyring, 'TOKEN', 'value');
    const flipped = Buffer.from(sealed.ciphertext, 'base64');
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    expect(() => openSecret(keyring, 'TOKEN', { ...sealed, ciphertext: flipped.toString('base64') })).toThrow(SecretUnreadableError);
    expect(() => openSecret(keyring, 'TOKEN', { ...sealed, authTag: Buffer.alloc(16).toString('base64') })).toThrow(/does not decrypt/);
    expect(() => openSecret(keyring, 'OTHER', sealed)).toThrow(/secret "OTHER" does not decrypt/);
  });

  it('opens rows under a previous key while sealing under the current one (rotation)', () => {
    const before = keyringOf(keyA);
    const old = sealSecret(before, 'S', 'v1');
    const during = keyringOf(keyB, [keyA]);
    expect(openSecret(during, 'S', old)).toBe('v1');
    const resealed = sealSecret(during, 'S', openSecret(during, 'S', old));
    expect(resealed.keyId).toBe(keyB.id);
    expect(() => openSecret(keyringOf(keyB), 'S', old)).toThrow(new SecretUnreadableError('S', 'unknown-key', keyA.id));
  });

  it('names the source of a malformed key', () => {
    expect(() => parseSecretKey('short', 'RH_SECRETS_KEY')).toThrow(SecretKeyInvalidError);
    expect(() => parseSecretKey(Buffer.alloc(16).toString('base64'), 'RH_SECRETS_KEY')).toThrow(/^RH_SECRETS_KEY: expected a base64-encoded 32-byte key/);
    expect(() => parseSecretKey(`${generateSecretKeyText().slice(0, 40)}!!!!`, 'RH_SECRETS_KEY_FILE')).toThrow(/RH_SECRETS_KEY_FILE/);
    expect(parseSecretKey(`${generateSecretKeyText()}\n`, 'file').bytes).toHaveLength(32);
  });
});
