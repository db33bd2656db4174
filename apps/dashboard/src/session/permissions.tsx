import { createContext, useContext, type ReactNode } from 'react';
import type { Permission } from '@runtime-hub/protocol';
import type { SessionInfo } from '../api/session.api';

const SessionContext = createContext<SessionInfo | null>(null);

/** Gives the pages the signed-in session, so they show only the actions its role holds. */
export function SessionProvider({ session, children }: { session: SessionInfo; children: ReactNode }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

/**
 * Whether the session's role holds `permission`. Hiding is for the eye only: the coordinator
 * refuses an action the role lacks with 403 whatever the page shows.
 */
export function useCan(permission: Permission): boolean {
  const session = useContext(SessionContext);
  return session?.permissions.includes(permission) ?? false;
}
