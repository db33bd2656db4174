import type { AgentRecord } from '@runtime-hub/protocol';
import { api } from './http';

const base = '/api/agents';

export const agentsApi = {
  list: () => api.get<AgentRecord[]>(base),
  /** An agent's newest metric samples, `{ items }` oldest first (parsed by the caller). */
  metrics: (agentId: string) => api.get<unknown>(`${base}/${encodeURIComponent(agentId)}/metrics`),
};
