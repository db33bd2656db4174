import { Inject, Injectable } from '@nestjs/common';
import { and, asc, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { runs, workflowRunLimits, type Transaction } from '@runtime-hub/db';
import type { InvalidatedCache } from '../../cluster/invalidated-cache';
import { ReplicaCaches } from '../../cluster/replica-caches';
import type { QueuedCandidate } from '../core/run-admission.decision';
import type { Executor } from './runs.repository';

/** Statuses of a run that holds a slot of its workflow. */
const SLOT_STATUSES = ['pending', 'running'] as const;

/**
 * The SQL of admission: limits, slots, the queue. Every write runs under the workflow's
 * admission lock. The limits a start or a run's end reads are kept by the replicas' caches
 * (`knownLimitOf`), emptied on every replica by `limitChanged`; a pass reads them afresh.
 */
@Injectable()
export class RunAdmissionRepository {
  private readonly limits: InvalidatedCache<number | null>;

  constructor(@Inject(ReplicaCaches) private readonly caches: ReplicaCaches) {
    this.limits = caches.cache('run-limits');
  }

  /** The workflow's limit as the replicas' cache holds it (read once, then at most RH_REPLICA_CACHE_TTL_MS old unless changed). Outside transactions only. */
  knownLimitOf(db: Executor, workflowId: string): Promise<number | null> {
    return this.limits.get(workflowId, () => this.limitOf(db, workflowId));
  }

  /** The workflow's limit was written (committed): forgotten here now, on the other replicas when the bus delivers. */
  limitChanged(workflowId: string): void {
    this.caches.changed('run-limits', workflowId);
  }

  async limitOf(db: Executor, workflowId: string): Promise<number | null> {
    const [row] = await db.select({ max: workflowRunLimits.maxConcurrentRuns }).from(workflowRunLimits).where(eq(workflowRunLimits.workflowId, workflowId));
    return row?.max ?? null;
  }

  /**
   * Serializes admission of one workflow across coordinators until the transaction ends
   * (a transaction-level advisory lock: released by commit or rollback, never leaked).
   */
  async lockWorkflow(tx: Transaction, workflowId: string): Promise<void> {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`runtime-hub:admission:${workflowId}`}, 0))`);
  }

  async runningCount(tx: Executor, workflowId: string): Promise<number> {
    const [row] = await tx
      .select({ count: sql<number>`count(*)::int` })
      .from(runs)
      .where(and(eq(runs.workflowId, workflowId), inArray(runs.status, [...SLOT_STATUSES]), isNull(runs.parentRunId)));
    return row?.count ?? 0;
  }

  /** Concurrency key -> a run that holds it (unfinished, not queued). */
  async heldKeys(tx: Executor, workflowId: string): Promise<Map<string, string>> {
    const rows = await tx
      .select({ id: runs.id, key: runs.concurrencyKey })
      .from(runs)
      .where(and(eq(runs.workflowId, workflowId), inArray(runs.status, [...SLOT_STATUSES]), isNotNull(runs.concurrencyKey)));
    return new Map(rows.map((row) => [row.key as string, row.id]));
  }

  /** The first `limit` queued runs in admission order: priority (highest first), then oldest first. */
  async queued(tx: Executor, workflowId: string, limit: number): Promise<Array<QueuedCandidate & { workflowName: string }>> {
    return tx
      .select({ id: runs.id, concurrencyKey: runs.concurrencyKey, waitingReason: runs.waitingReason, workflowName: runs.workflowName })
      .from(runs)
      .where(and(eq(runs.workflowId, workflowId), eq(runs.status, 'queued')))
      .orderBy(desc(runs.priority), asc(runs.createdAt), asc(runs.id))
      .limit(limit);
  }

  /** queued -> running; answers the ids that were still queued. */
  async admit(tx: Transaction, ids: readonly string[], at: Date): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await tx
      .update(runs)
      .set({ status: 'running', startedAt: at, waitingReason: null })
      .where(and(inArray(runs.id, [...ids]), eq(runs.status, 'queued')))
      .returning({ id: runs.id });
    return rows.map((row) => row.id);
  }

  async setReason(tx: Transaction, id: string, reason: string): Promise<void> {
    await tx.update(runs).set({ waitingReason: reason }).where(and(eq(runs.id, id), eq(runs.status, 'queued')));
  }

  async hasQueued(db: Executor, workflowId: string): Promise<boolean> {
    const [row] = await db.select({ id: runs.id }).from(runs).where(and(eq(runs.workflowId, workflowId), eq(runs.status, 'queued'))).limit(1);
    return row !== undefined;
  }

  async workflowsWithQueued(db: Executor): Promise<string[]> {
    const rows = await db.selectDistinct({ workflowId: runs.workflowId }).from(runs).where(eq(runs.status, 'queued'));
    return rows.map((row) => row.workflowId);
  }
}
