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
  /** A cell of a fan-out (`target.each`): its idempotency key names its agent. */
  readonly fanOut: boolean;
  /** The run's priority: the task's place in its agent's queue. */
  readonly priority: number;
  /** The secrets the config's placeholders name (filled in on delivery). */
  readonly secretRefs?: NodeTask['secretRefs'];
}

/**
 * The task an agent receives for one attempt of one node. Every attempt gets the same
 * idempotency key, so a system the node changes recognises a retry; each cell of a fan-out gets
 * its own (the cells are different effects, one per host).
 */
export function buildNodeTask(parts: NodeTaskParts): NodeTask {
  return {
    runId: parts.runId,
    nodeId: parts.nodeId,
    nodeType: parts.nodeType,
    agentId: parts.agentId,
    attempt: parts.attempt,
    idempotencyKey: parts.fanOut ? idempotencyKey(parts.runId, parts.nodeId, parts.agentId) : idempotencyKey(parts.runId, parts.nodeId),
    config: parts.config,
    timeoutMs: parts.timeoutMs,
    inputs: parts.inputs,
    upstream: parts.upstream,
    priority: parts.priority,
    ...(parts.secretRefs ? { secretRefs: parts.secretRefs } : {}),
  };
}
