import type { RunStatus, RunSummary, RunTrigger } from '@runtime-hub/protocol';

/**
 * The run history's filters, as the API takes them (`GET /api/runs`) and as the page applies
 * them to runs that arrive live. `from` / `to` bound `createdAt` (from inclusive, to
 * exclusive), as ISO timestamps. Child runs (started by a parent run's node) are left out
 * unless `withChildren` is set or `parentRunId` asks for one run's children.
 */
export interface RunFilters {
  readonly status?: RunStatus;
  readonly workflowId?: string;
  readonly agentId?: string;
  readonly trigger?: RunTrigger;
  readonly from?: string;
  readonly to?: string;
  readonly withChildren?: boolean;
  readonly parentRunId?: string;
}

export function runListQuery(filters: RunFilters, cursor?: string | null, limit?: number): string {
  const params = new URLSearchParams();
  for (const key of ['status', 'workflowId', 'agentId', 'trigger', 'parentRunId', 'from', 'to'] as const) {
    const value = filters[key];
    if (value !== undefined && value !== '') params.set(key, value);
  }
  if (filters.withChildren !== true && filters.parentRunId === undefined) params.set('topLevel', 'true');
  if (cursor) params.set('cursor', cursor);
  if (limit !== undefined) params.set('limit', String(limit));
  return params.toString();
}

/**
 * Whether a run belongs in the filtered list. `unknown` for an agent filter: a summary does
 * not say which agents ran a run's tasks, so a new run is not guessed into that list.
 */
export function matchesFilters(run: RunSummary, filters: RunFilters): boolean | 'unknown' {
  if (filters.parentRunId !== undefined ? run.parentRunId !== filters.parentRunId : filters.withChildren !== true && run.parentRunId !== null) return false;
  if (filters.status !== undefined && run.status !== filters.status) return false;
  if (filters.workflowId !== undefined && run.workflowId !== filters.workflowId) return false;
  if (filters.trigger !== undefined && run.trigger !== filters.trigger) return false;
  const created = Date.parse(run.createdAt);
  if (filters.from !== undefined && created < Date.parse(filters.from)) return false;
  if (filters.to !== undefined && created >= Date.parse(filters.to)) return false;
  return filters.agentId !== undefined ? 'unknown' : true;
}

/**
 * The list after a `run:updated`: a run already listed is updated in place (or dropped when
 * it no longer matches, e.g. a status filter); a new matching run is inserted by creation
 * time, newest first.
 */
export function mergeLiveRun(items: readonly RunSummary[], run: RunSummary, filters: RunFilters): readonly RunSummary[] {
  const matches = matchesFilters(run, filters);
  const index = items.findIndex((item) => item.id === run.id);
  if (index !== -1) {
    if (matches === false) return items.filter((item) => item.id !== run.id);
    return items.map((item, at) => (at === index ? run : item));
  }
  if (matches !== true) return items;
  const created = Date.parse(run.createdAt);
  const at = items.findIndex((item) => Date.parse(item.createdAt) < created);
  return at === -1 ? [...items, run] : [...items.slice(0, at), run, ...items.slice(at)];
}
