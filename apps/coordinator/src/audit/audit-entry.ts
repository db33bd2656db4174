import type { ApiPrincipal } from '../auth/api-token.service';

/** Who did something: a person, an API token of the deployment, an agent, or the coordinator itself. */
export interface AuditActor {
  readonly type: 'user' | 'token' | 'agent' | 'system';
  /** The user's, token's or agent's id; null for the system. */
  readonly id: string | null;
  /** Readable: a user's email, a token's name. */
  readonly name: string;
}

/** One audit entry as written. `details` must never hold a secret value. */
export interface AuditEntryInput {
  readonly actor: AuditActor;
  readonly action: string;
  readonly target?: string | null;
  readonly sourceAddress?: string | null;
  readonly details?: Record<string, unknown> | null;
}

/** An audit entry as read (`GET /api/audit`). */
export interface AuditEntryRecord {
  readonly id: number;
  readonly at: string;
  readonly actorType: string;
  readonly actorId: string | null;
  readonly actorName: string;
  readonly action: string;
  readonly target: string | null;
  readonly sourceAddress: string | null;
  readonly details: Record<string, unknown> | null;
}

export const SYSTEM_ACTOR: AuditActor = { type: 'system', id: null, name: 'system' };

/** The actor of a request: the person its token acts for, else the token (by name). */
export function actorOf(principal: ApiPrincipal | undefined): AuditActor {
  if (!principal) return SYSTEM_ACTOR;
  if (principal.user) return { type: 'user', id: principal.user.id, name: principal.user.email };
  return { type: 'token', id: principal.tokenId, name: principal.name };
}

/** `<kind>:<id>`, or null when there is no id to name. */
export function auditTarget(kind: string, id: unknown): string | null {
  return typeof id === 'string' || typeof id === 'number' ? `${kind}:${id}` : null;
}
