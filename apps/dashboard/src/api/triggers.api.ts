import type {
  BatchItemPage,
  BatchItemStatus,
  BatchList,
  BatchRecord,
  HookList,
  RunQueue,
  ScheduleFirePage,
  ScheduleFireRecord,
  SchedulePreview,
  ScheduleRecord,
  WorkflowConcurrency,
} from '@runtime-hub/protocol';
import { api } from './http';

const schedule = (id: string) => `/api/schedules/${encodeURIComponent(id)}`;
const batch = (id: string) => `/api/batches/${encodeURIComponent(id)}`;

/** Schedules, batches and the queue (apps/coordinator/src/schedules, batches, queues). */
export const schedulesApi = {
  list: async () => (await api.get<{ items: ScheduleRecord[] }>('/api/schedules')).items,
  create: (body: Record<string, unknown>) => api.post<ScheduleRecord>('/api/schedules', body),
  preview: (body: Record<string, unknown>) => api.post<SchedulePreview>('/api/schedules/preview', body),
  pause: (id: string) => api.post<ScheduleRecord>(`${schedule(id)}/pause`),
  resume: (id: string) => api.post<ScheduleRecord>(`${schedule(id)}/resume`),
  runNow: (id: string) => api.post<ScheduleFireRecord>(`${schedule(id)}/run`),
  remove: (id: string) => api.delete<void>(schedule(id)),
  fires: (id: string, limit: number) => api.get<ScheduleFirePage>(`${schedule(id)}/fires?limit=${limit}`),
};

export const batchesApi = {
  list: async () => (await api.get<BatchList>('/api/batches')).items,
  get: (id: string) => api.get<BatchRecord>(batch(id)),
  create: (body: Record<string, unknown>) => api.post<BatchRecord>('/api/batches', body),
  items: (id: string, status: BatchItemStatus | null, offset: number, limit: number) =>
    api.get<BatchItemPage>(`${batch(id)}/items?offset=${offset}&limit=${limit}${status ? `&status=${status}` : ''}`),
  act: (id: string, action: 'pause' | 'resume' | 'cancel') => api.post<BatchRecord>(`${batch(id)}/${action}`),
  retry: (id: string) => api.post<{ batch: BatchRecord; retried: number }>(`${batch(id)}/retry`),
};

export const hooksApi = {
  list: async () => (await api.get<HookList>('/api/hooks')).items,
};

export const queueApi = {
  get: () => api.get<RunQueue>('/api/queue'),
  concurrency: (workflowId: string) => api.get<WorkflowConcurrency>(`/api/workflows/${encodeURIComponent(workflowId)}/concurrency`),
  setConcurrency: (workflowId: string, maxConcurrentRuns: number | null) => api.put<WorkflowConcurrency>(`/api/workflows/${encodeURIComponent(workflowId)}/concurrency`, { maxConcurrentRuns }),
};
