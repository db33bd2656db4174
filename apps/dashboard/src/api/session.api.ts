import { api } from './http';

/** `GET /api/session`: who the browser is signed in as. */
export interface SessionInfo {
  /** Name of the API token the session was opened with. */
  readonly name: string;
  readonly expiresAt: string | null;
}

export const sessionApi = {
  signIn: (token: string) => api.post<SessionInfo>('/api/session', { token }),
  current: () => api.get<SessionInfo>('/api/session'),
  signOut: () => api.delete<void>('/api/session'),
};
