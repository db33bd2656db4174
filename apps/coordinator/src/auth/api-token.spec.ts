import { API_TOKEN_PREFIX, bearerToken, generateApiToken, hashApiToken } from './api-token';

describe('API tokens', () => {
  it('are prefixed, url-safe and never repeat', () => {
    const tokens = Array.from({ length: 100 }, generateApiToken);
    for (const token of tokens) expect(token).toMatch(new RegExp(`^${API_TOKEN_PREFIX}[A-Za-z0-9_-]{43}$`));
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  it('hash to a stable SHA-256 hex digest', () => {
    expect(hashApiToken('test-admin-token')).toBe(hashApiToken('test-admin-token'));
    expect(hashApiToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('are read only from a well-formed bearer header', () => {
    expect(bearerToken('Bearer rh_abc')).toBe('rh_abc');
    expect(bearerToken('bearer   rh_abc ')).toBe('rh_abc');
    expect(bearerToken('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(bearerToken('Bearer')).toBeUndefined();
    expect(bearerToken('Bearer a b')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});
