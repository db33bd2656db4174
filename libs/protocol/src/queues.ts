/**
 * BullMQ queue names shared by the coordinator and the worker agents. Every queue lives under
 * the installation's key prefix (RH_QUEUE_PREFIX), so several installations or test runs can
 * share one Redis.
 */

/** Each agent pulls only its own queue: work is routed by the coordinator, never stolen. */
export function agentQueueName(agentId: string): string {
  return `agent.${agentId}`;
}

/** Node results travel back on one durable queue that the coordinator consumes. */
export const RESULTS_QUEUE = 'results';
