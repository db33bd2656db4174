import { preparedStatement } from '../persistence/prepared-statements';

/** What a token check reads of a usable token and its owner. */
export interface UsableToken {
  readonly id: string;
  readonly tokenHash: string;
  readonly name: string;
  readonly lastUsedAt: Date | null;
  readonly expiresAt: Date | null;
  readonly lineage: string[];
  readonly role: string;
  readonly userId: string | null;
  readonly userEmail: string | null;
  readonly userRole: string | null;
}

/** A `timestamptz` as Postgres writes it in text (statements read timestamps as text, as drizzle does). */
function timestampOf(value: unknown): Date | null {
  return value === null || value === undefined ? null : new Date(value as string);
}

/**
 * The usable tokens among the hashes $1: not revoked nor expired, no ancestor revoked or
 * expired, and the owner (if any) not disabled; with the owner's email and role. Every API
 * request runs it (grouped with the requests that wait meanwhile), so it is a fixed text the
 * coordinator builds no SQL for. Postgres still plans it at each call (it keeps custom plans for
 * it: 0.21 ms of planning against 0.02 ms of execution, pg_stat_statements on a throughput bench).
 */
export const USABLE_TOKENS = preparedStatement<UsableToken>(
  'rh_usable_tokens',
  `select token.id, token.token_hash, token.name, token.last_used_at, token.expires_at, token.lineage, token.role,
          owner.id as user_id, owner.email as user_email, owner.role as user_role
     from api_tokens token
     left join users owner on owner.id = token.user_id
    where token.token_hash = any($1::text[])
      and token.revoked_at is null
      and (token.expires_at is null or token.expires_at > now())
      and not exists (
        select 1 from api_tokens ancestor
         where ancestor.id = any(token.lineage)
           and (ancestor.revoked_at is not null or (ancestor.expires_at is not null and ancestor.expires_at <= now()))
      )
      and (token.user_id is null or exists (select 1 from users active where active.id = token.user_id and not active.disabled))`,
  (raw) => ({
    id: raw.id as string,
    tokenHash: raw.token_hash as string,
    name: raw.name as string,
    lastUsedAt: timestampOf(raw.last_used_at),
    expiresAt: timestampOf(raw.expires_at),
    lineage: raw.lineage as string[],
    role: raw.role as string,
    userId: (raw.user_id as string | null) ?? null,
    userEmail: (raw.user_email as string | null) ?? null,
    userRole: (raw.user_role as string | null) ?? null,
  }),
);
