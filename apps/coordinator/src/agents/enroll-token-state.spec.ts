import { enrollTokenRefusal, enrollTokenState } from './enroll-token-state';

describe('enroll token state', () => {
  const now = new Date('2026-01-01T12:00:00.000Z');
  const usable = { id: 't1', revokedAt: null, expiresAt: new Date('2026-01-01T13:00:00.000Z'), maxUses: 2, uses: 1 };

  it('is usable until revoked, expired or used up, revocation first', () => {
    expect(enrollTokenState(usable, now)).toBe('usable');
    expect(enrollTokenState({ ...usable, maxUses: null, expiresAt: null, uses: 1_000 }, now)).toBe('usable');
    expect(enrollTokenState({ ...usable, uses: 2 }, now)).toBe('used-up');
    expect(enrollTokenState({ ...usable, expiresAt: now }, now)).toBe('expired');
    expect(enrollTokenState({ ...usable, uses: 2, expiresAt: now, revokedAt: now }, now)).toBe('revoked');
  });

  it('tells the agent which of them it is', () => {
    expect(enrollTokenRefusal(undefined, now)).toBe('enroll token refused: unknown token');
    expect(enrollTokenRefusal({ ...usable, uses: 2 }, now)).toBe('enroll token refused: token t1 is used up (2 of 2 uses)');
    expect(enrollTokenRefusal({ ...usable, expiresAt: now }, now)).toBe('enroll token refused: token t1 expired at 2026-01-01T12:00:00.000Z');
    expect(enrollTokenRefusal({ ...usable, revokedAt: now }, now)).toBe('enroll token refused: token t1 was revoked at 2026-01-01T12:00:00.000Z');
  });
});
