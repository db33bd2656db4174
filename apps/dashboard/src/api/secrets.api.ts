import type { SecretList, SecretRecord } from '@runtime-hub/protocol';
import { api } from './http';

const secret = (name: string) => `/api/secrets/${encodeURIComponent(name)}`;

/** The secret store (apps/coordinator/src/secrets): values go in, never come back. */
export const secretsApi = {
  list: async () => (await api.get<SecretList>('/api/secrets')).items,
  put: (name: string, body: Record<string, unknown>) => api.put<SecretRecord>(secret(name), body),
  remove: (name: string) => api.delete<void>(secret(name)),
};
