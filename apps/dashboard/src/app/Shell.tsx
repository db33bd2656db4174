import type { ReactNode } from 'react';
import type { SessionInfo } from '../api/session.api';
import { useLive } from '../live/LiveProvider';
import { Link } from './Link';
import type { Route } from './router';

const NAV: readonly { readonly label: string; readonly route: Route; readonly pages: readonly Route['page'][]; readonly icon: string }[] = [
  { label: 'Workflows', route: { page: 'workflows' }, pages: ['workflows', 'editor'], icon: '◇' },
  { label: 'Runs', route: { page: 'runs' }, pages: ['runs', 'run'], icon: '▶' },
  { label: 'Agents', route: { page: 'agents' }, pages: ['agents'], icon: '▣' },
];

const LIVE_LABEL = { connected: 'Live', connecting: 'Connecting…', disconnected: 'Reconnecting…' } as const;

/** The frame around every page: navigation, the live connection's state, the session. */
export function Shell({ route, session, onSignOut, children }: { route: Route; session: SessionInfo; onSignOut: () => void; children: ReactNode }) {
  const { status } = useLive();
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span>Runtime Hub</span>
        </div>
        <ul className="nav-list">
          {NAV.map((item) => (
            <li key={item.label}>
              <Link to={item.route} className={`nav-link${item.pages.includes(route.page) ? ' active' : ''}`}>
                <span className="nav-icon" aria-hidden="true">
                  {item.icon}
                </span>
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
        <div className="sidebar-footer">
          <div className={`live-indicator live-${status}`} data-live={status}>
            <span className="live-dot" aria-hidden="true" />
            {LIVE_LABEL[status]}
          </div>
          <div className="session-name" title={`Signed in with token "${session.name}"`}>
            {session.name}
          </div>
          <button type="button" className="button button-ghost button-small" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </nav>
      <main className="content">{children}</main>
    </div>
  );
}
