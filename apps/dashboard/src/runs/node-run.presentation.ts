import type { NodeRunRecord, NodeRunStatus, NodeTaskRecord, Target } from '@runtime-hub/protocol';

/** How a node run reads in the live view. Pure. */

export const NODE_STATUS_LABEL: Readonly<Record<NodeRunStatus, string>> = {
  pending: 'pending',
  waiting: 'waiting',
  queued: 'queued',
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  skipped: 'skipped',
  cancelled: 'cancelled',
};

/** A fan-out node: one task per matching agent, one cell per host in the grid. */
export function isFanOut(target: Target | undefined, record: NodeRunRecord | undefined): boolean {
  if (target !== undefined && 'labels' in target && target.each === true) return true;
  return new Set(record?.tasks.map((task) => task.agentId)).size > 1;
}

/** The newest task of each agent: what a host's cell shows (earlier attempts are history). */
export function latestTaskPerAgent(tasks: readonly NodeTaskRecord[]): NodeTaskRecord[] {
  const latest = new Map<string, NodeTaskRecord>();
  for (const task of tasks) {
    const held = latest.get(task.agentId);
    if (!held || task.attempt >= held.attempt) latest.set(task.agentId, task);
  }
  return [...latest.values()];
}

/** How many hosts' latest tasks are in each state, by state name. */
export function hostStatusCounts(latest: readonly NodeTaskRecord[]): [NodeTaskRecord['status'], number][] {
  const counts = new Map<NodeTaskRecord['status'], number>();
  for (const task of latest) counts.set(task.status, (counts.get(task.status) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** `3 hosts · 2 succeeded · 1 running`. */
export function fanOutSummary(tasks: readonly NodeTaskRecord[]): string {
  const latest = latestTaskPerAgent(tasks);
  const parts = hostStatusCounts(latest).map(([status, count]) => `${count} ${status}`);
  return [`${latest.length} host${latest.length === 1 ? '' : 's'}`, ...parts].join(' · ');
}

const SETTLED_STATUSES: readonly NodeRunStatus[] = ['succeeded', 'failed', 'skipped', 'cancelled'];

/** How an edge of the live run reads: taken once its source fired the edge's port, dead once the source settled another way. */
export type EdgeRunState = 'taken' | 'dead' | 'pending';

export function edgeRunState(port: string | undefined, source: Pick<NodeRunRecord, 'status' | 'port'> | undefined): EdgeRunState {
  if (source === undefined) return 'pending';
  const taken = port === 'error' ? source.status === 'failed' : source.status === 'succeeded' && (port === undefined || source.port === port);
  if (taken) return 'taken';
  return SETTLED_STATUSES.includes(source.status) ? 'dead' : 'pending';
}
