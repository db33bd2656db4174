import type { AgentRecord } from '@runtime-hub/protocol';
import { ApiRequestError } from './api-request.error';
import { api } from './http';

const base = '/api/agents';

export const agentsApi = {
  list: () => api.get<AgentRecord[]>(base),
  /**
   * An agent's metric samples, or undefined when the coordinator has no such endpoint (404):
   * then the page shows no chart rather than a made-up one.
   */
  metrics: async (agentId: string): Promise<unknown> => {
    try {
      return await api.get<unknown>(`${base}/${encodeURIComponent(agentId)}/metrics`);
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 404) return undefined;
      throw error;
    }
  },
};
