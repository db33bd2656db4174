import { Injectable } from '@nestjs/common';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { batchItems, batches, runs, type BatchItemRow, type BatchRow, type NewBatchItemRow, type NewBatchRow, type Transaction } from '@runtime-hub/db';
import type { BatchItemStatus, BatchProgress, BatchStatus, RunError, RunStatus } from '@runtime-hub/protocol';
import { BATCH_INSERT_CHUNK_ROWS } from '../config/defaults';
import { chunks, type Executor } from '../runs/adapters/runs.repository';

const EMPTY_PROGRESS: BatchProgress = { total: 0, waiting: 0, running: 0, succeeded: 0, failed: 0, cancelled: 0 };

/** A running item with its run's status (null: the run is not written yet). */
export interface RunningItem {
  readonly seq: number;
  readonly runId: string | null;
  readonly startedAt: Date | null;
  readonly runStatus: RunStatus | null;
  readonly runError: RunError | null;
}

/** Batches and their items. */
@Injectable()
export class BatchesRepository {
  /**
   * The batch and every item, in one transaction. Each chunk of items goes as one JSON parameter
   * that Postgres turns into rows (`jsonb_to_recordset`): building a 2,000-row insert of bound
   * parameters held the event loop for 100-300 ms a chunk, serializing one JSON text takes a few.
   */
  async insert(db: Executor, batch: NewBatchRow, items: readonly NewBatchItemRow[]): Promise<BatchRow> {
    return db.transaction(async (tx) => {
      const [row] = await tx.insert(batches).values(batch).returning();
      for (const chunk of chunks(items, BATCH_INSERT_CHUNK_ROWS)) {
        const rows = JSON.stringify(chunk.map((item) => ({ batch_id: item.batchId, seq: item.seq, item_index: item.itemIndex, agent_id: item.agentId ?? null, inputs: item.inputs, status: item.status })));
        await tx.execute(sql`
          insert into ${batchItems} (batch_id, seq, item_index, agent_id, inputs, status)
          select r.batch_id, r.seq, r.item_index, r.agent_id, r.inputs, r.status
            from jsonb_to_recordset(${rows}::jsonb) as r(batch_id text, seq integer, item_index integer, agent_id text, inputs jsonb, status text)`);
      }
      if (!row) throw new Error(`batch ${batch.id} was not written`);
      return row;
    });
  }

  async find(db: Executor, id: string): Promise<BatchRow | undefined> {
    const [row] = await db.select().from(batches).where(eq(batches.id, id));
    return row;
  }

  async lock(tx: Transaction, id: string): Promise<BatchRow | undefined> {
    const [row] = await tx.select().from(batches).where(eq(batches.id, id)).for('update');
    return row;
  }

  async list(db: Executor, limit: number): Promise<BatchRow[]> {
    return db.select().from(batches).orderBy(desc(batches.createdAt)).limit(limit);
  }

  async withStatus(db: Executor, statuses: readonly BatchStatus[]): Promise<BatchRow[]> {
    return db.select().from(batches).where(inArray(batches.status, [...statuses]));
  }

  async setStatus(db: Executor, id: string, status: BatchStatus, finishedAt: Date | null, from?: readonly BatchStatus[]): Promise<BatchRow | undefined> {
    const where = from ? and(eq(batches.id, id), inArray(batches.status, [...from])) : eq(batches.id, id);
    const [row] = await db.update(batches).set({ status, finishedAt }).where(where).returning();
    return row;
  }

  /** Items by status, per batch. */
  async progress(db: Executor, batchIds: readonly string[]): Promise<Map<string, BatchProgress>> {
    const result = new Map<string, BatchProgress>(batchIds.map((id) => [id, { ...EMPTY_PROGRESS }]));
    if (batchIds.length === 0) return result;
    const rows = await db
      .select({ batchId: batchItems.batchId, status: batchItems.status, count: sql<number>`count(*)::int` })
      .from(batchItems)
      .where(inArray(batchItems.batchId, [...batchIds]))
      .groupBy(batchItems.batchId, batchItems.status);
    for (const row of rows) {
      const progress = result.get(row.batchId) as { -readonly [K in keyof BatchProgress]: number };
      progress[row.status] = row.count;
      progress.total += row.count;
    }
    return result;
  }

  async countWithStatus(tx: Executor, batchId: string, status: BatchItemStatus): Promise<number> {
    const [row] = await tx
      .select({ count: sql<number>`count(*)::int` })
      .from(batchItems)
      .where(and(eq(batchItems.batchId, batchId), eq(batchItems.status, status)));
    return row?.count ?? 0;
  }

  /** The first `limit` waiting items, in order. */
  async nextWaiting(tx: Executor, batchId: string, limit: number): Promise<BatchItemRow[]> {
    return tx
      .select()
      .from(batchItems)
      .where(and(eq(batchItems.batchId, batchId), eq(batchItems.status, 'waiting')))
      .orderBy(asc(batchItems.seq))
      .limit(limit);
  }

  /** waiting -> running with the run id each will have; answers the items as written. */
  async markStarting(tx: Transaction, batchId: string, items: ReadonlyArray<{ seq: number; runId: string; attempts: number }>, at: Date): Promise<BatchItemRow[]> {
    const written: BatchItemRow[] = [];
    for (const item of items) {
      const [row] = await tx
        .update(batchItems)
        .set({ status: 'running', runId: item.runId, attempts: item.attempts, startedAt: at, finishedAt: null, error: null })
        .where(and(eq(batchItems.batchId, batchId), eq(batchItems.seq, item.seq), eq(batchItems.status, 'waiting')))
        .returning();
      if (row) written.push(row);
    }
    return written;
  }

  /** A running item's run ended: the item settles with it (once: only while it is running with that run). */
  async settle(db: Executor, batchId: string, runId: string, status: BatchItemStatus, error: RunError | null, at: Date): Promise<boolean> {
    const rows = await db
      .update(batchItems)
      .set({ status, error, finishedAt: at })
      .where(and(eq(batchItems.batchId, batchId), eq(batchItems.runId, runId), eq(batchItems.status, 'running')))
      .returning({ seq: batchItems.seq });
    return rows.length > 0;
  }

  /** Items of the batch still running, with their run's status. */
  async running(db: Executor, batchId: string): Promise<RunningItem[]> {
    return db
      .select({ seq: batchItems.seq, runId: batchItems.runId, startedAt: batchItems.startedAt, runStatus: runs.status, runError: runs.error })
      .from(batchItems)
      .leftJoin(runs, eq(runs.id, batchItems.runId))
      .where(and(eq(batchItems.batchId, batchId), eq(batchItems.status, 'running')));
  }

  async item(db: Executor, batchId: string, seq: number): Promise<BatchItemRow | undefined> {
    const [row] = await db.select().from(batchItems).where(and(eq(batchItems.batchId, batchId), eq(batchItems.seq, seq)));
    return row;
  }

  async items(db: Executor, batchId: string, filter: { status?: BatchItemStatus | undefined; offset: number; limit: number }): Promise<BatchItemRow[]> {
    const conditions = [eq(batchItems.batchId, batchId)];
    if (filter.status) conditions.push(eq(batchItems.status, filter.status));
    return db.select().from(batchItems).where(and(...conditions)).orderBy(asc(batchItems.seq)).offset(filter.offset).limit(filter.limit);
  }

  /** from -> to for every item of the batch in `from`; answers how many moved. */
  async moveAll(db: Executor, batchId: string, from: BatchItemStatus, patch: Partial<Pick<BatchItemRow, 'status' | 'error' | 'finishedAt' | 'runId'>>): Promise<number> {
    const rows = await db
      .update(batchItems)
      .set(patch)
      .where(and(eq(batchItems.batchId, batchId), eq(batchItems.status, from)))
      .returning({ seq: batchItems.seq });
    return rows.length;
  }
}
