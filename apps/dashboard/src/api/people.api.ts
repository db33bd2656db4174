import type { Role } from '@runtime-hub/protocol';
import { api } from './http';

/** A person who signs in (`/api/users`); never their password. */
export interface UserRecord {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly role: Role;
  readonly disabled: boolean;
  readonly createdAt: string;
}

/** One entry of the audit log (`GET /api/audit`). */
export interface AuditEntry {
  readonly id: number;
  readonly at: string;
  readonly actorType: string;
  readonly actorName: string;
  readonly action: string;
  readonly target: string | null;
  readonly sourceAddress: string | null;
}

export interface AuditFilters {
  readonly actor?: string;
  readonly action?: string;
  readonly target?: string;
  readonly since?: string;
  readonly until?: string;
}

export const usersApi = {
  list: () => api.get<{ items: UserRecord[] }>('/api/users').then((page) => page.items),
  create: (body: { name: string; email: string; password?: string; role: Role }) => api.post<UserRecord>('/api/users', body),
  update: (id: string, change: { role?: Role; disabled?: boolean }) => api.patch<UserRecord>(`/api/users/${encodeURIComponent(id)}`, change),
};

export const auditApi = {
  page: (filters: AuditFilters, cursor: string | null) => {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(filters)) if (typeof value === 'string' && value.trim() !== '') query.set(name, value.trim());
    if (cursor) query.set('cursor', cursor);
    return api.get<{ items: AuditEntry[]; nextCursor: string | null }>(`/api/audit${query.size > 0 ? `?${query}` : ''}`);
  },
};
