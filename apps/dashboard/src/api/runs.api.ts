import type { Page, RunLogRecord, RunRecord, RunSummary, RunSummaryPage } from '@runtime-hub/protocol';
import { runListQuery, type RunFilters } from '../runs/run-filters';
import { api } from './http';

const base = '/api/runs';
const id = (runId: string) => `${base}/${encodeURIComponent(runId)}`;

export const runsApi = {
  start: (workflowId: string, version: number, inputs: Record<string, unknown>) =>
    api.post<RunSummary>(base, { workflowId, version, inputs, trigger: 'dashboard' }),
  get: (runId: string) => api.get<RunRecord>(id(runId)),
  list: (filters: RunFilters, cursor: string | null, limit: number) => api.get<RunSummaryPage>(`${base}?${runListQuery(filters, cursor, limit)}`),
  cancel: (runId: string) => api.post<RunSummary>(`${id(runId)}/cancel`, { reason: 'cancelled from the dashboard' }),
  retry: (runId: string) => api.post<RunSummary>(`${id(runId)}/retry`),
  logs: (runId: string, after: number, limit: number) => api.get<Page<RunLogRecord>>(`${id(runId)}/logs?after=${after}&limit=${limit}`),
};
