/**
 * BullMQ queue names of the coordinator. Every queue lives under the deployment's key prefix
 * (RH_QUEUE_PREFIX), so several deployments (or test runs) can share one Redis. Queues live
 * inside the coordinator's trust boundary: agents never see them.
 */

/**
 * Each agent's tasks wait in a queue of their own until the coordinator delivers them over
 * that agent's connection: work is routed by the coordinator, never stolen.
 */
export function agentQueueName(agentId: string): string {
  return `agent.${agentId}`;
}
