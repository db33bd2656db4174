import { createHash } from 'node:crypto';

/**
 * Ids of child runs (`workflow.call`, `foreach`, `repeat`) are derived from where they come
 * from: `<hash of parent run and node>-<attempt>-<index>`. Derived ids make starting a child
 * idempotent (a second insert of the same child is a no-op after a crash or a concurrent
 * reconcile), keep the children of each attempt of the node apart (a retried node starts new
 * children; the old ones stay as history), and say which iteration a child is without a
 * column of its own. They fit the protocol's id rules: letters, digits and `-`.
 */

/** Hex characters of the SHA-256 of `parentRunId/nodeId` kept: 128 bits, collisions are not a concern. */
const PARENT_HASH_HEX_LENGTH = 32;
const SEPARATOR = '-';

/** What every child id of one attempt of one node starts with (for `LIKE 'prefix%'`). */
export function childRunIdPrefix(parentRunId: string, nodeId: string, attempt: number): string {
  const hash = createHash('sha256').update(`${parentRunId}/${nodeId}`).digest('hex').slice(0, PARENT_HASH_HEX_LENGTH);
  return `${hash}${SEPARATOR}${attempt}${SEPARATOR}`;
}

/** The id of iteration `index` (0-based; `workflow.call` has only index 0). */
export function childRunId(parentRunId: string, nodeId: string, attempt: number, index: number): string {
  return `${childRunIdPrefix(parentRunId, nodeId, attempt)}${index}`;
}

/** The iteration index of a child id with this prefix; null when the id is not one. */
export function childRunIndex(childId: string, prefix: string): number | null {
  if (!childId.startsWith(prefix)) return null;
  const rest = childId.slice(prefix.length);
  if (!/^\d+$/.test(rest)) return null;
  return Number(rest);
}
