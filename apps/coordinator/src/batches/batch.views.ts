import type { BatchItemRow, BatchRow } from '@runtime-hub/db';
import type { BatchItemRecord, BatchItemStatus, BatchProgress, BatchRecord, RunStatus } from '@runtime-hub/protocol';

/** Why a batch's waiting items wait; null when none wait or they are about to start. */
export function batchWaitingReason(batch: Pick<BatchRow, 'status' | 'concurrency'>, progress: BatchProgress): string | null {
  if (progress.waiting === 0) return null;
  if (batch.status === 'paused') return 'the batch is paused';
  if (batch.status === 'running' && progress.running >= batch.concurrency) return `${progress.running} of ${batch.concurrency} items running (concurrency ${batch.concurrency})`;
  return null;
}

export function toBatchRecord(row: BatchRow, progress: BatchProgress): BatchRecord {
  return {
    id: row.id,
    name: row.name,
    workflowId: row.workflowId,
    workflowName: row.workflowName,
    workflowVersion: row.workflowVersion,
    status: row.status,
    concurrency: row.concurrency,
    priority: row.priority,
    hostsLabel: row.hostsLabel,
    progress,
    waitingReason: batchWaitingReason(row, progress),
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export function toBatchItemRecord(row: BatchItemRow): BatchItemRecord {
  return {
    batchId: row.batchId,
    seq: row.seq,
    index: row.itemIndex,
    agentId: row.agentId,
    inputs: row.inputs,
    status: row.status,
    runId: row.runId,
    attempts: row.attempts,
    error: row.error ?? null,
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** What an item becomes when its run ends. */
export function itemStatusOf(run: RunStatus): BatchItemStatus | null {
  switch (run) {
    case 'succeeded':
    case 'failed':
    case 'cancelled':
      return run;
    default:
      return null;
  }
}
