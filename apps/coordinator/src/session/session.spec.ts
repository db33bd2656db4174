import { missesCsrfHeader } from './csrf';
import { SESSION_COOKIE, SESSION_MAX_AGE_MS, clearedSessionCookie, parseCookies, sessionCookie, sessionCookieValue } from './session-cookie';
import { isSessionExpired, parseSessionTokenName, sessionExpiresAt, sessionTokenName } from './session-token';

describe('session cookie', () => {
  it('is HttpOnly, SameSite=Strict, on every path, for the session lifetime', () => {
    expect(sessionCookie('rh_abc', { secure: false })).toBe(`${SESSION_COOKIE}=rh_abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=${SESSION_MAX_AGE_MS / 1000}`);
    expect(sessionCookie('rh_abc', { secure: true }).endsWith('; Secure')).toBe(true);
    expect(clearedSessionCookie({ secure: false })).toBe(`${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`);
  });

  it('is read back from a Cookie header among other cookies', () => {
    expect(sessionCookieValue(`theme=dark; ${SESSION_COOKIE}=rh_x-Y_z; other="q"`)).toBe('rh_x-Y_z');
    expect(sessionCookieValue('theme=dark')).toBeUndefined();
    expect(sessionCookieValue(`${SESSION_COOKIE}=`)).toBeUndefined();
    expect(sessionCookieValue(undefined)).toBeUndefined();
  });

  it('parses cookies leniently: quotes, bad escapes, repeated names', () => {
    const cookies = parseCookies('a="1"; b=%E0%A4%A; a=2; =x; c');
    expect([...cookies.entries()]).toEqual([['a', '1']]);
  });
});

describe('session token names', () => {
  const openedAt = new Date('2026-01-01T08:00:00.000Z');

  it('carry when the session was opened and for whom', () => {
    const name = sessionTokenName(openedAt, 'admin token');
    expect(name).toBe('session:2026-01-01T08:00:00.000Z admin token');
    expect(parseSessionTokenName(name)).toEqual({ openedAt, owner: 'admin token' });
  });

  it('are told apart from the names of other tokens', () => {
    expect(parseSessionTokenName('admin')).toBeUndefined();
    expect(parseSessionTokenName('session:not-a-date x')).toBeUndefined();
  });

  it('expire after the session lifetime', () => {
    const session = { openedAt, owner: 'a' };
    expect(sessionExpiresAt(session).toISOString()).toBe('2026-01-01T20:00:00.000Z');
    expect(isSessionExpired(session, openedAt.getTime() + SESSION_MAX_AGE_MS - 1)).toBe(false);
    expect(isSessionExpired(session, openedAt.getTime() + SESSION_MAX_AGE_MS)).toBe(true);
  });
});

describe('missesCsrfHeader', () => {
  it('asks state-changing requests for the header, and nothing of reads', () => {
    expect(missesCsrfHeader('GET', undefined)).toBe(false);
    expect(missesCsrfHeader('POST', undefined)).toBe(true);
    expect(missesCsrfHeader('DELETE', 'other')).toBe(true);
    expect(missesCsrfHeader('put', 'Runtime-Hub')).toBe(false);
    expect(missesCsrfHeader('POST', ['runtime-hub'])).toBe(false);
  });
});
