import type { NodeResult, NodeRunStatus, NodeTaskStatus, RetryPolicy, RunStatus, Target } from '@runtime-hub/protocol';
import type { WorkflowGraph } from '@runtime-hub/graph';
import { compileRetryPolicy, type EffectiveNodeOptions } from '../node-options';
import { runError } from '../run-errors';
import type { EngineContext, SnapshotNode, SnapshotTask } from './engine.types';
import type { MemoryRun } from './snapshot.apply';

/** The clock every spec decides at. */
export const NOW = new Date('2026-01-01T12:00:00.000Z');
export const RUN_ID = 'run-1';

/** Retries as a test sets them: no backoff cap surprises (1 s, doubling, at most 60 s). */
const TEST_RETRY_DEFAULTS = { maxAttempts: 1, delayMs: 1_000, maxDelayMs: 60_000 };
/** A node's timeout in the specs: one minute. */
const TEST_TIMEOUT_MS = 60_000;

/** A node's options; `retry` as an author writes it (exponential from 1 s unless said). */
export function options(retry?: Partial<RetryPolicy> & Pick<RetryPolicy, 'maxAttempts'>, target?: Target): EffectiveNodeOptions {
  const policy = retry ? { backoff: 'exponential' as const, delayMs: TEST_RETRY_DEFAULTS.delayMs, ...retry } : undefined;
  return { timeoutMs: TEST_TIMEOUT_MS, retry: compileRetryPolicy(policy, TEST_RETRY_DEFAULTS), target };
}

export function node(nodeId: string, status: NodeRunStatus, attempt = 1, extra: Partial<SnapshotNode> = {}): SnapshotNode & Record<string, unknown> {
  return { runId: RUN_ID, nodeId, type: 'shell', status, attempt, agentId: null, port: null, error: null, agentLosses: 0, startedAt: null, waitingReason: null, ...extra };
}

export function task(nodeId: string, agentId: string, status: NodeTaskStatus, attempt = 1, extra: Partial<SnapshotTask> = {}): SnapshotTask {
  return { runId: RUN_ID, nodeId, agentId, attempt, status, output: null, error: null, startedAt: status === 'running' ? NOW : null, finishedAt: null, ...extra };
}

export function model(runStatus: RunStatus, nodes: readonly SnapshotNode[], tasks: readonly SnapshotTask[] = []): MemoryRun {
  return {
    run: { id: RUN_ID, status: runStatus, parentRunId: null, parentNodeId: null },
    nodes: new Map(nodes.map((row) => [row.nodeId, { ...row }])),
    tasks: new Map(tasks.map((row) => [`${row.nodeId}/${row.agentId}`, { ...row }])),
  };
}

export function context(byNode: Record<string, EffectiveNodeOptions> = {}, extra: Partial<EngineContext> = {}): EngineContext {
  return {
    now: NOW,
    optionsOf: (nodeId) => byNode[nodeId] ?? options(),
    limits: { maxOutputBytes: 1_000, maxAgentLosses: 3 },
    ...extra,
  };
}

export function graphContext(graph: WorkflowGraph, byNode: Record<string, EffectiveNodeOptions> = {}): EngineContext {
  return context(byNode, { graph, optionsOf: (nodeId) => (graph.node(nodeId) ? (byNode[nodeId] ?? options()) : undefined) });
}

export function succeeded(nodeId: string, agentId: string, attempt = 1, output: unknown = { ok: true }, port?: string): NodeResult {
  return { status: 'succeeded', runId: RUN_ID, nodeId, agentId, attempt, startedAt: NOW.toISOString(), finishedAt: NOW.toISOString(), output, ...(port !== undefined ? { port } : {}) };
}

export function failed(nodeId: string, agentId: string, attempt = 1, code: 'EXIT_CODE' | 'AGENT_LOST' | 'TIMEOUT' = 'EXIT_CODE'): NodeResult {
  return {
    status: 'failed',
    runId: RUN_ID,
    nodeId,
    agentId,
    attempt,
    startedAt: NOW.toISOString(),
    finishedAt: NOW.toISOString(),
    error: runError(code, `${code} on ${agentId}`, { nodeId }),
  };
}
