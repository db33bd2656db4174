import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { and, asc, eq, inArray, ne, notInArray, or, sql } from 'drizzle-orm';
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
   * An enrollment always creates a new agent: a new id, the new key. It never takes over an
   * existing agent, whatever that agent's state: a name already taken answers the agent that
   * holds it (`name-taken`), and nothing is written. Its labels are the token's, plus the
   * declared ones when the token grants them (the development token).
   */
  async enroll(registration: AgentRegistration, identity: EnrolledIdentity): Promise<AgentRow | { readonly nameTakenBy: AgentRow }> {
    const labels = identity.grantsDeclaredLabels ? mergeLabels(registration.labels, identity.tokenLabels) : [...identity.tokenLabels];
    const values = {
      ...registrationColumns(registration),
      labels,
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
      .onConflictDoNothing({ target: agents.name })
      .returning();
    if (row) return row;
    const holder = await this.findByName(registration.name);
    if (!holder) throw new Error(`agent name "${registration.name}" was taken and freed while enrolling: enroll again`);
    return { nameTakenBy: holder };
  }

  /**
   * An enrolled agent registers again: its declaration may have changed (version, capabilities,
   * concurrency, even its name); its labels do not (they are granted, not declared).
   * `name-taken` when another agent has the new name. A revoked agent's row is not touched.
   */
  async markRegistered(agentId: string, registration: AgentRegistration): Promise<AgentRow | 'name-taken' | undefined> {
    const current = await this.findById(agentId);
    if (!current || current.status === 'revoked') return current;
    try {
      const [row] = await this.database.db
        .update(agents)
        .set({ ...registrationColumns(registration), status: 'online', connectedAt: sql`now()`, lastHeartbeatAt: sql`now()` })
        .where(and(eq(agents.id, agentId), ne(agents.status, 'revoked')))
        .returning();
      return row ?? (await this.findById(agentId));
    } catch (error) {
      if (isUniqueViolation(error)) return 'name-taken';
      throw error;
    }
  }

  /** An administrator brings a revoked agent back: offline until it signs in again with its key. */
  async restore(agentId: string): Promise<AgentRow | undefined> {
    const [row] = await this.database.db
      .update(agents)
      .set({ status: sql`case when ${agents.status} = 'revoked' then 'offline' else ${agents.status} end`, revokedAt: null })
      .where(eq(agents.id, agentId))
      .returning();
    return row;
  }

  /** An administrator sets the agent's labels. */
  async setLabels(agentId: string, labels: readonly string[]): Promise<AgentRow | undefined> {
    const [row] = await this.database.db.update(agents).set({ labels: [...labels] }).where(eq(agents.id, agentId)).returning();
    return row;
  }

  /**
   * Forgets an agent that is not online: its row goes, its name is free for a new enrollment.
   * Runs keep its id (no foreign key). Undefined: no such agent, or it is online.
   */
  async remove(agentId: string): Promise<AgentRow | undefined> {
    const [row] = await this.database.db
      .delete(agents)
      .where(and(eq(agents.id, agentId), ne(agents.status, 'online')))
      .returning();
    return row;
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

  /** Online again (this replica's presence had lapsed and another marked them offline); a revoked agent stays revoked. */
  async markOnline(agentIds: readonly string[]): Promise<void> {
    if (agentIds.length === 0) return;
    await this.database.db
      .update(agents)
      .set({ status: 'online' })
      .where(and(inArray(agents.id, [...agentIds]), ne(agents.status, 'revoked')));
  }

  /** At start: nobody is connected here yet, so nobody is online until it registers again, except the agents other live replicas hold. */
  async markAllOffline(except: readonly string[] = []): Promise<number> {
    const rows = await this.database.db
      .update(agents)
      .set({ status: 'offline' })
      .where(except.length === 0 ? eq(agents.status, 'online') : and(eq(agents.status, 'online'), notInArray(agents.id, [...except])))
      .returning({ id: agents.id });
    return rows.length;
  }
}

/** What the handshake of an enrollment established. */
export interface EnrolledIdentity {
  readonly publicKey: string | undefined;
  readonly tokenLabels: readonly string[];
  /** Whether the declared labels are granted as well (the development token). */
  readonly grantsDeclaredLabels: boolean;
  readonly enrollTokenId: string | null;
}

/** Declared labels, then granted ones not declared, once each. */
export function mergeLabels(declared: readonly string[], granted: readonly string[]): string[] {
  return [...new Set([...declared, ...granted])];
}

/** What a registration may set: never the labels (granted by a token or an administrator). */
function registrationColumns(registration: AgentRegistration) {
  return {
    name: registration.name,
    kind: registration.kind,
    os: registration.os,
    arch: registration.arch,
    hostname: registration.hostname,
    version: registration.version,
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
