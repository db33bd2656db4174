import { and, eq, inArray } from 'drizzle-orm';
import { nodeTasks } from '@runtime-hub/db';
import type { NodeTaskStatus } from '@runtime-hub/protocol';
import type { TaskKey } from '../../dispatch/dispatch.ports';

/** The fencing of every task write: this agent's row of this node, still at this attempt, in one of these states. */
export function fencedTask(key: TaskKey, statusIn: readonly NodeTaskStatus[]) {
  return and(
    eq(nodeTasks.runId, key.runId),
    eq(nodeTasks.nodeId, key.nodeId),
    eq(nodeTasks.agentId, key.agentId),
    eq(nodeTasks.attempt, key.attempt),
    inArray(nodeTasks.status, [...statusIn]),
  );
}
