import type { NodeRunRow, NodeTaskRow, RunLogRow, RunRow } from '@runtime-hub/db';
import type { NodeRunRecord, NodeTaskRecord, RunLogRecord, RunSummary } from '@runtime-hub/protocol';

/**
 * Rows as the REST API, `--json` and the live view show them: ISO timestamps, and `null`
 * (never a missing key) for what has no value yet.
 */

function iso(value: Date | null): string | null {
  return value ? value.toISOString() : null;
}

export function toRunSummary(row: RunRow): RunSummary {
  return {
    id: row.id,
    workflowId: row.workflowId,
    workflowVersion: row.workflowVersion,
    workflowName: row.workflowName,
    status: row.status,
    trigger: row.trigger,
    triggerId: row.triggerId ?? null,
    priority: row.priority,
    waitingReason: row.waitingReason ?? null,
    inputs: row.inputs,
    error: row.error ?? null,
    parentRunId: row.parentRunId ?? null,
    parentNodeId: row.parentNodeId ?? null,
    createdAt: row.createdAt.toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    startedBy: row.startedBy ?? null,
    cancelledBy: row.cancelledBy ?? null,
  };
}

export function toNodeTaskRecord(row: NodeTaskRow): NodeTaskRecord {
  return {
    agentId: row.agentId,
    attempt: row.attempt,
    status: row.status,
    output: row.output ?? null,
    error: row.error ?? null,
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
  };
}

export function toNodeRunRecord(row: NodeRunRow, tasks: readonly NodeTaskRow[]): NodeRunRecord {
  return {
    runId: row.runId,
    nodeId: row.nodeId,
    type: row.type,
    status: row.status,
    attempt: row.attempt,
    agentId: row.agentId ?? null,
    waitingReason: row.waitingReason ?? null,
    port: row.port ?? null,
    output: row.output ?? null,
    error: row.error ?? null,
    queuedAt: iso(row.queuedAt),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
    durationMs: row.durationMs ?? null,
    tasks: [...tasks].sort((a, b) => a.agentId.localeCompare(b.agentId)).map(toNodeTaskRecord),
  };
}

export function toRunLogRecord(row: RunLogRow): RunLogRecord {
  return {
    id: row.id,
    runId: row.runId,
    nodeId: row.nodeId,
    agentId: row.agentId ?? null,
    attempt: row.attempt,
    stream: row.stream,
    line: row.line,
    at: row.at.toISOString(),
  };
}

/** Node records in the order of the workflow definition; nodes it does not name go last. */
export function inDefinitionOrder<T extends { nodeId: string }>(records: readonly T[], nodeOrder: readonly string[]): T[] {
  const position = new Map(nodeOrder.map((id, index) => [id, index]));
  const rank = (id: string) => position.get(id) ?? Number.MAX_SAFE_INTEGER;
  return [...records].sort((a, b) => rank(a.nodeId) - rank(b.nodeId) || a.nodeId.localeCompare(b.nodeId));
}
