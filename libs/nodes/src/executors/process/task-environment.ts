import type { ExecutionContext } from '../executor';

/**
 * Variables every script and program a node starts receives, so that it can make its own side
 * effects idempotent (ARCHITECTURE.md, "Guarantees") and use scratch space that is removed
 * after the node:
 * - `RH_RUN_ID`, `RH_NODE_ID`, `RH_ATTEMPT` (1 for the first attempt);
 * - `RH_IDEMPOTENCY_KEY`: `runId:nodeId` (a fan-out cell: `runId:nodeId:agentId`), the same for
 *   every attempt, so a script can tell an effect it already made from a new one;
 * - `RH_WORKSPACE`: the task's own empty directory, deleted when the node ends.
 * They are set last: a node's `env` cannot make a script lie about which task it is.
 */
export function taskEnvironment(ctx: ExecutionContext<unknown>): Record<string, string> {
  return {
    RH_RUN_ID: ctx.runId,
    RH_NODE_ID: ctx.nodeId,
    RH_ATTEMPT: String(ctx.attempt),
    RH_IDEMPOTENCY_KEY: ctx.idempotencyKey,
    RH_WORKSPACE: ctx.workspaceDir,
  };
}
