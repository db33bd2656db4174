import type { DeploymentDescription } from './queue-prefix.ownership';

/**
 * The queue prefix is claimed by another deployment (another database). Two deployments on
 * one prefix would take each other's tasks and results, so the coordinator refuses to start.
 * `owner` is undefined when the ownership record could not be read.
 */
export class QueuePrefixOwnedError extends Error {
  override readonly name = 'QueuePrefixOwnedError';

  constructor(
    readonly prefix: string,
    readonly ownerKey: string,
    readonly redis: string,
    readonly owner: DeploymentDescription | undefined,
    readonly self: DeploymentDescription,
    options?: { cause?: unknown },
  ) {
    const them = owner ? `deployment ${owner.deploymentId} (${owner.database}, claimed from host ${owner.host} at ${owner.claimedAt})` : 'a record this coordinator cannot read';
    super(
      `queue prefix "${prefix}" on ${redis} belongs to ${them}; this coordinator is deployment ${self.deploymentId} (${self.database}). ` +
        `Set RH_QUEUE_PREFIX to a prefix of this deployment's own. ` +
        `If the other deployment is gone for good and its queues may be dropped, delete the Redis key ${ownerKey} instead.`,
      options,
    );
  }
}
