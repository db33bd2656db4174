import { Inject, Injectable } from '@nestjs/common';
import { and, desc, eq, getTableColumns, gte, lt, lte, sql, type SQL } from 'drizzle-orm';
import { auditLog, type AuditLogRow } from '@runtime-hub/db';
import { COORDINATOR_CONFIG, type CoordinatorConfig } from '../config/coordinator.config';
import { DatabaseService } from '../persistence/database.service';
import { preparedStatement, runPrepared } from '../persistence/prepared-statements';
import { StatementBatches } from '../persistence/statement-batches';
import { columnValue } from '../persistence/table-rows';
import type { AuditEntryInput, AuditEntryRecord } from './audit-entry';

export interface AuditQuery {
  readonly actor?: string;
  readonly action?: string;
  readonly target?: string;
  readonly since?: Date;
  readonly until?: Date;
  /** The id of the last entry of the previous page (entries come newest first). */
  readonly beforeId?: number;
  readonly limit: number;
}

export interface AuditPage {
  readonly items: AuditEntryRecord[];
  /** Pass back as `cursor` for the next (older) page; null on the last page. */
  readonly nextCursor: string | null;
}

/**
 * The audit log (table `audit_log`, append-only): `record` adds an entry, `query` reads them
 * newest first, `prune` drops entries older than the retention (the only delete the table's
 * trigger lets through). Other modules (secrets, for one) call `record` directly for actions
 * that are not a single audited route.
 */
@Injectable()
export class AuditService {
  private readonly entries: StatementBatches<AuditEntryInput, void>;

  constructor(
    @Inject(DatabaseService) private readonly database: DatabaseService,
    @Inject(COORDINATOR_CONFIG) config: CoordinatorConfig,
  ) {
    this.entries = new StatementBatches((batch) => this.insert(batch), config.audit.entriesPerInsert);
  }

  /**
   * One entry, stored when this resolves. Every audited request (each run started through the
   * API) writes one; the entries of requests that arrive while an insert is out go together in
   * the next one, a prepared statement (persistence/statement-batches.ts).
   */
  async record(entry: AuditEntryInput): Promise<void> {
    await this.entries.submit(entry);
  }

  private async insert(entries: readonly AuditEntryInput[]): Promise<void[]> {
    const details = getTableColumns(auditLog).details;
    await runPrepared(this.database.db, RECORD_ENTRIES, [
      entries.map((entry) => entry.actor.type),
      entries.map((entry) => entry.actor.id),
      entries.map((entry) => entry.actor.name),
      entries.map((entry) => entry.action),
      entries.map((entry) => entry.target ?? null),
      entries.map((entry) => entry.sourceAddress ?? null),
      entries.map((entry) => columnValue(details, entry.details ?? null)),
    ]);
    return entries.map(() => undefined);
  }

  async query(query: AuditQuery): Promise<AuditPage> {
    const conditions: Array<SQL | undefined> = [
      query.actor !== undefined ? eq(auditLog.actorName, query.actor) : undefined,
      query.action !== undefined ? eq(auditLog.action, query.action) : undefined,
      query.target !== undefined ? eq(auditLog.target, query.target) : undefined,
      query.since !== undefined ? gte(auditLog.at, query.since) : undefined,
      query.until !== undefined ? lte(auditLog.at, query.until) : undefined,
      query.beforeId !== undefined ? lt(auditLog.id, query.beforeId) : undefined,
    ];
    const rows = await this.database.db
      .select()
      .from(auditLog)
      .where(and(...conditions))
      .orderBy(desc(auditLog.id))
      .limit(query.limit + 1);
    const page = rows.slice(0, query.limit);
    return { items: page.map(toRecord), nextCursor: rows.length > query.limit ? String(page.at(-1)!.id) : null };
  }

  /** Deletes the entries recorded before `before`; the trigger allows it only inside this transaction. */
  async prune(before: Date): Promise<number> {
    return this.database.db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('runtime_hub.audit_prune', 'on', true)`);
      const deleted = await tx.delete(auditLog).where(lt(auditLog.at, before)).returning({ id: auditLog.id });
      return deleted.length;
    });
  }
}

/**
 * $1-$7, one array each, an element per entry: actor type, id and name, action, target, source
 * address, details (JSON text). Entries get their ids in the arrays' order; `id` and `at` take
 * their defaults.
 */
const RECORD_ENTRIES = preparedStatement<never>(
  'rh_audit_record_entries',
  `insert into audit_log (actor_type, actor_id, actor_name, action, target, source_address, details)
   select actor_type, actor_id, actor_name, action, target, source_address, details::jsonb
   from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
     with ordinality as entry (actor_type, actor_id, actor_name, action, target, source_address, details, position)
   order by position`,
  () => {
    throw new Error('an audit insert answers no rows');
  },
);

function toRecord(row: AuditLogRow): AuditEntryRecord {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actorType: row.actorType,
    actorId: row.actorId,
    actorName: row.actorName,
    action: row.action,
    target: row.target,
    sourceAddress: row.sourceAddress,
    details: row.details ?? null,
  };
}
