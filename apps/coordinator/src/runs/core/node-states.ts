import type { NodeRunRow } from '@runtime-hub/db';
import type { NodeRunState } from '@runtime-hub/graph';

/** What the planner needs of the run's node rows: status, and the port a settled node fired. */
export function nodeStates(rows: readonly Pick<NodeRunRow, 'nodeId' | 'status' | 'port'>[]): Map<string, NodeRunState> {
  return new Map(rows.map((row) => [row.nodeId, row.port !== null ? { status: row.status, port: row.port } : { status: row.status }]));
}
