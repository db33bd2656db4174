import { idempotencyKey, type NodeTask, type UpstreamNode } from '@runtime-hub/protocol';

export interface NodeTaskParts {
  readonly runId: string;
  readonly nodeId: string;
  readonly nodeType: string;
  readonly agentId: string;
  readonly attempt: number;
  /** Templates already resolved. */
  readonly config: Record<string, unknown>;
  readonly timeoutMs: number;
  readonly inputs: Record<string, unknown>;
  readonly upstream: Record<string, UpstreamNode>;
}

/**
 * The task an agent receives for one attempt of one node. Every agent of a fan-out gets the
 * same idempotency key (they act on different hosts); each attempt gets a new one.
 */
export function buildNodeTask(parts: NodeTaskParts): NodeTask {
  return {
    runId: parts.runId,
    nodeId: parts.nodeId,
    nodeType: parts.nodeType,
    agentId: parts.agentId,
    attempt: parts.attempt,
    idempotencyKey: idempotencyKey(parts.runId, parts.nodeId, parts.attempt),
    config: parts.config,
    timeoutMs: parts.timeoutMs,
    inputs: parts.inputs,
    upstream: parts.upstream,
  };
}
