import type { EnrollTokenRow } from '@runtime-hub/db';
import type { EnrollTokenRecord } from '@runtime-hub/protocol';

export type EnrollTokenState = EnrollTokenRecord['state'];

/** Whether an agent presenting this token at `now` may enroll, or why not. Revocation wins, then expiry, then uses. */
export function enrollTokenState(row: Pick<EnrollTokenRow, 'revokedAt' | 'expiresAt' | 'maxUses' | 'uses'>, now: Date): EnrollTokenState {
  if (row.revokedAt) return 'revoked';
  if (row.expiresAt && row.expiresAt.getTime() <= now.getTime()) return 'expired';
  if (row.maxUses !== null && row.uses >= row.maxUses) return 'used-up';
  return 'usable';
}

/** The connect error an agent sees for a token it cannot enroll with. */
export function enrollTokenRefusal(row: Pick<EnrollTokenRow, 'id' | 'revokedAt' | 'expiresAt' | 'maxUses' | 'uses'> | undefined, now: Date): string {
  if (!row) return 'enroll token refused: unknown token';
  switch (enrollTokenState(row, now)) {
    case 'revoked':
      return `enroll token refused: token ${row.id} was revoked at ${row.revokedAt!.toISOString()}`;
    case 'expired':
      return `enroll token refused: token ${row.id} expired at ${row.expiresAt!.toISOString()}`;
    case 'used-up':
      return `enroll token refused: token ${row.id} is used up (${row.uses} of ${row.maxUses} uses)`;
    case 'usable':
      // Usable when read, gone when used: another agent took its last use meanwhile.
      return `enroll token refused: token ${row.id} is used up`;
  }
}

export function toEnrollTokenRecord(row: EnrollTokenRow, now: Date): EnrollTokenRecord {
  return {
    id: row.id,
    labels: [...row.labels],
    maxUses: row.maxUses,
    uses: row.uses,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
    state: enrollTokenState(row, now),
  };
}
