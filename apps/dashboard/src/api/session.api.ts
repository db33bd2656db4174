import type { Permission, Role } from '@runtime-hub/protocol';
import { api } from './http';

/** `GET /api/session`: who the browser is signed in as, and what they may do. */
export interface SessionInfo {
  /** The person's email, or the name of the API token the session was opened with. */
  readonly name: string;
  readonly expiresAt: string | null;
  readonly role: Role;
  /** Every permission of the role (libs/protocol access-policy.ts): the actions to show. */
  readonly permissions: readonly Permission[];
  readonly user: { readonly id: string; readonly email: string } | null;
}

/** What signs in: an API token, or a person's email and password. */
export type SignInCredentials = { readonly token: string } | { readonly email: string; readonly password: string };

/** `GET /api/session/methods` (public): what the sign-in page offers; `oidc` null when single sign-on is off. */
export interface SignInMethods {
  readonly oidc: { readonly name: string; readonly startUrl: string } | null;
}

export const sessionApi = {
  methods: () => api.get<SignInMethods>('/api/session/methods'),
  signIn: (credentials: SignInCredentials) => api.post<SessionInfo>('/api/session', credentials),
  current: () => api.get<SessionInfo>('/api/session'),
  signOut: () => api.delete<void>('/api/session'),
};
