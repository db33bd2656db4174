import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, ne, or, sql } from 'drizzle-orm';
import { agents, type AgentRow } from '@runtime-hub/db';
import type { AgentRegistration } from '@runtime-hub/protocol';
import { DatabaseService } from '../persistence/database.service';

/** Postgres `unique_violation`: another agent already has the name. */
const UNIQUE_VIOLATION = '23505';
/** How far down `cause` to look for it (a driver error wrapped once or twice). */
const CAUSE_CHAIN_MAX_DEPTH = 4;

/**
 * The `agents` table: who enrolled, what they declared, whether they are online and when
 * they were last heard of. The in-memory registry decides who is online; this mirrors it so
 * the REST API and a restarted coordinator see the fleet and its history.
 */
@Injectable()
export class AgentsRepository {
  constructor(@Inject(DatabaseService) private readonly database: DatabaseService) {}

  async findById(agentId: string): Promise<AgentRow | undefined> {
    const [row] = await this.database.db.select().from(agents).where(eq(agents.id, agentId));
    return row;
  }

  /** An `{agent}` target names an agent by id or by name. */
  async findByIdOrName(idOrName: string): Promise<AgentRow | undefined> {
    const rows = await this.database.db
      .select()
      .from(agents)
      .where(or(eq(agents.id, idOrName), eq(agents.name, idOrName)));
    return rows.find((row) => row.id === idOrName) ?? rows[0];
  }

  async findByName(name: string): Promise<AgentRow | undefined> {
    const [row] = await this.database.db.select().from(agents).where(eq(agents.name, name));
    return row;
  }

  async list(): Promise<AgentRow[]> {
    return this.database.db.select().from(agents).orderBy(asc(agents.name));
  }

  /**
   * First enrollment of a name creates the agent; enrolling a name again (a host that lost
   * its key file, a revoked agent an administrator enrolls anew) keeps its id and history and
   * replaces its key. The labels of the token are kept apart and merged into `labels`.
   */
  async enroll(registration: AgentRegistration, identity: EnrolledIdentity): Promise<AgentRow> {
    const values = {
      ...registrationColumns(registration, identity.tokenLabels),
      tokenLabels: [...identity.tokenLabels],
      status: 'online' as const,
      credentialHash: null,
      publicKey: identity.publicKey ?? null,
      enrollTokenId: identity.enrollTokenId,
      revokedAt: null,
    };
    const [row] = await this.database.db
      .insert(agents)
      .values({ id: randomUUID(), ...values, connectedAt: sql`now()`, lastHeartbeatAt: sql`now()` })
      .onConflictDoUpdate({ target: agents.name, set: { ...values, connectedAt: sql`now()`, lastHeartbeatAt: sql`now()` } })
      .returning();
    return row!;
  }

  /**
   * An enrolled agent registers again: its declaration may have changed (labels, version,
   * even its name); the labels of its enroll token stay. `name-taken` when another agent has
   * the new name. A revoked agent's row is not touched.
   */
  async markRegistered(agentId: string, registration: AgentRegistration): Promise<AgentRow | 'name-taken' | undefined> {
    const current = await this.findById(agentId);
    if (!current || current.status === 'revoked') return current;
    try {
      const [row] = await this.database.db
        .update(agents)
        .set({ ...registrationColumns(registration, current.tokenLabels), status: 'online', connectedAt: sql`now()`, lastHeartbeatAt: sql`now()` })
        .where(and(eq(agents.id, agentId), ne(agents.status, 'revoked')))
        .returning();
      return row ?? (await this.findById(agentId));
    } catch (error) {
      if (isUniqueViolation(error)) return 'name-taken';
      throw error;
    }
  }

  /** Revokes the agent (idempotent: the first revocation time stays). Undefined: no such agent. */
  async revoke(agentId: string): Promise<AgentRow | undefined> {
    const [row] = await this.database.db
      .update(agents)
      .set({ status: 'revoked', revokedAt: sql`coalesce(${agents.revokedAt}, now())` })
      .where(eq(agents.id, agentId))
      .returning();
    return row;
  }

  async recordHeartbeat(agentId: string): Promise<void> {
    await this.database.db.update(agents).set({ lastHeartbeatAt: sql`now()` }).where(eq(agents.id, agentId));
  }

  /** Offline unless revoked (a revocation is never undone by the agent going away). */
  async markOffline(agentId: string): Promise<AgentRow | undefined> {
    const [row] = await this.database.db
      .update(agents)
      .set({ status: sql`case when ${agents.status} = 'revoked' then 'revoked' else 'offline' end` })
      .where(eq(agents.id, agentId))
      .returning();
    return row;
  }

  /** At start: nobody is connected yet, so nobody is online until it registers again. */
  async markAllOffline(): Promise<number> {
    const rows = await this.database.db
      .update(agents)
      .set({ status: 'offline' })
      .where(eq(agents.status, 'online'))
      .returning({ id: agents.id });
    return rows.length;
  }
}

/** What the handshake of an enrollment established. */
export interface EnrolledIdentity {
  readonly publicKey: string | undefined;
  readonly tokenLabels: readonly string[];
  readonly enrollTokenId: string | null;
}

/** The agent's labels: what it declares, then those of its enroll token it did not declare. */
export function mergeLabels(declared: readonly string[], granted: readonly string[]): string[] {
  return [...new Set([...declared, ...granted])];
}

function registrationColumns(registration: AgentRegistration, tokenLabels: readonly string[]) {
  return {
    name: registration.name,
    kind: registration.kind,
    os: registration.os,
    arch: registration.arch,
    hostname: registration.hostname,
    version: registration.version,
    labels: mergeLabels(registration.labels, tokenLabels),
    capabilities: [...registration.capabilities],
    concurrency: registration.concurrency,
  };
}

/** Drizzle wraps driver errors: the Postgres code sits on the error or one of its causes. */
function isUniqueViolation(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < CAUSE_CHAIN_MAX_DEPTH && typeof current === 'object' && current !== null; depth += 1) {
    if ((current as { code?: unknown }).code === UNIQUE_VIOLATION) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
