import { z } from 'zod';

/**
 * Who owns a queue prefix (RH_QUEUE_PREFIX). Every BullMQ key of a deployment starts with its
 * prefix; two deployments sharing one would take each other's tasks and results. The first
 * coordinator of a deployment to start writes `<prefix>:owner` (SET NX: of two starting at
 * once, one writes); every coordinator then compares the record with its own deployment id,
 * which lives in its database, so replicas (one database) share the prefix and other
 * deployments are refused. The record never expires: queued jobs outlive the processes.
 */

/** The key under the prefix that names its owner. BullMQ's keys are `<prefix>:<queue>:<suffix>`, never this. */
export const OWNER_KEY_SUFFIX = 'owner';

export function ownerKey(prefix: string): string {
  return `${prefix}:${OWNER_KEY_SUFFIX}`;
}

/** What the owner record says, for the people reading a refusal: id, where its data is, who claimed it. */
export const DeploymentDescriptionSchema = z.object({
  deploymentId: z.string().min(1),
  /** `Postgres at <url without password>` or `PGlite in <folder>`. */
  database: z.string(),
  host: z.string(),
  claimedAt: z.string(),
});
export type DeploymentDescription = z.infer<typeof DeploymentDescriptionSchema>;

export type OwnershipVerdict = { readonly kind: 'ours' } | { readonly kind: 'foreign'; readonly owner: DeploymentDescription | undefined };

/** Pure: whether the record found under the owner key is this deployment's. */
export function judgeOwnerRecord(raw: string, deploymentId: string): OwnershipVerdict {
  let owner: DeploymentDescription | undefined;
  try {
    const parsed = DeploymentDescriptionSchema.safeParse(JSON.parse(raw));
    owner = parsed.success ? parsed.data : undefined;
  } catch {
    owner = undefined;
  }
  return owner?.deploymentId === deploymentId ? { kind: 'ours' } : { kind: 'foreign', owner };
}
