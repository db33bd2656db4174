import type { WorkflowDefinition } from '@runtime-hub/protocol';
import { api } from './http';
import type { SaveResult, VersionDiff, WorkflowSummary, WorkflowVersionRecord, WorkflowVersionSummary } from './workflow.views';

const base = '/api/workflows';
const id = (workflowId: string) => `${base}/${encodeURIComponent(workflowId)}`;

export const workflowsApi = {
  list: async () => (await api.get<{ items: WorkflowSummary[] }>(base)).items,
  latest: (workflowId: string) => api.get<WorkflowVersionRecord>(id(workflowId)),
  version: (workflowId: string, version: number) => api.get<WorkflowVersionRecord>(`${id(workflowId)}/versions/${version}`),
  versions: async (workflowId: string) => (await api.get<{ items: WorkflowVersionSummary[] }>(`${id(workflowId)}/versions`)).items,
  create: (definition: WorkflowDefinition, message?: string) => api.post<SaveResult>(base, { definition, ...(message ? { message } : {}) }),
  save: (workflowId: string, definition: WorkflowDefinition, message?: string) => api.put<SaveResult>(id(workflowId), { definition, ...(message ? { message } : {}) }),
  diff: (workflowId: string, from: number, to: number) => api.get<VersionDiff>(`${id(workflowId)}/diff?from=${from}&to=${to}`),
  restore: (workflowId: string, version: number) => api.post<SaveResult>(`${id(workflowId)}/restore`, { version }),
};
