import { Injectable } from '@nestjs/common';
import { asc, desc, eq } from 'drizzle-orm';
import { runs, workflowRunLimits, workflows, type RunRow } from '@runtime-hub/db';
import type { Executor } from '../runs/adapters/runs.repository';

/** Workflow concurrency limits and the queue of runs waiting for admission. */
@Injectable()
export class QueuesRepository {
  async workflowExists(db: Executor, workflowId: string): Promise<boolean> {
    const [row] = await db.select({ id: workflows.id }).from(workflows).where(eq(workflows.id, workflowId));
    return row !== undefined;
  }

  async limit(db: Executor, workflowId: string): Promise<number | null> {
    const [row] = await db.select({ max: workflowRunLimits.maxConcurrentRuns }).from(workflowRunLimits).where(eq(workflowRunLimits.workflowId, workflowId));
    return row?.max ?? null;
  }

  async setLimit(db: Executor, workflowId: string, max: number | null): Promise<void> {
    if (max === null) {
      await db.delete(workflowRunLimits).where(eq(workflowRunLimits.workflowId, workflowId));
      return;
    }
    await db
      .insert(workflowRunLimits)
      .values({ workflowId, maxConcurrentRuns: max })
      .onConflictDoUpdate({ target: workflowRunLimits.workflowId, set: { maxConcurrentRuns: max, updatedAt: new Date() } });
  }

  /** Queued runs, by workflow, each workflow's in the order admission takes them. */
  async queuedRuns(db: Executor, limit: number): Promise<RunRow[]> {
    return db
      .select()
      .from(runs)
      .where(eq(runs.status, 'queued'))
      .orderBy(asc(runs.workflowName), asc(runs.workflowId), desc(runs.priority), asc(runs.createdAt), asc(runs.id))
      .limit(limit);
  }
}
