import { useEffect, useState, type ReactNode } from 'react';
import type { Permission } from '@runtime-hub/protocol';
import type { SessionInfo } from '../api/session.api';
import { useLive } from '../live/LiveProvider';
import { Link } from './Link';
import { routePath, type Route } from './router';

const NAV: readonly { readonly label: string; readonly route: Route; readonly pages: readonly Route['page'][]; readonly icon: string; readonly needs?: Permission }[] = [
  { label: 'Workflows', route: { page: 'workflows' }, pages: ['workflows', 'editor'], icon: '◇' },
  { label: 'Runs', route: { page: 'runs' }, pages: ['runs', 'run'], icon: '▶' },
  { label: 'Schedules', route: { page: 'schedules' }, pages: ['schedules'], icon: '◷' },
  { label: 'Batches', route: { page: 'batches' }, pages: ['batches', 'batch'], icon: '▤' },
  { label: 'Queue', route: { page: 'queue' }, pages: ['queue'], icon: '≡' },
  { label: 'Webhooks', route: { page: 'hooks' }, pages: ['hooks'], icon: '↯' },
  { label: 'Agents', route: { page: 'agents' }, pages: ['agents'], icon: '▣' },
  { label: 'Secrets', route: { page: 'secrets' }, pages: ['secrets'], icon: '◈', needs: 'secrets.read' },
  { label: 'Users', route: { page: 'users' }, pages: ['users'], icon: '☺', needs: 'users.manage' },
  { label: 'Audit', route: { page: 'audit' }, pages: ['audit'], icon: '☰', needs: 'audit.read' },
];

const LIVE_LABEL = { connected: 'Live', connecting: 'Connecting…', disconnected: 'Reconnecting…' } as const;

/**
 * The frame around every page: navigation, the live connection's state, the session. On a
 * wide screen the navigation is a sidebar; on a medium one it narrows to its icons; on a
 * phone it is a bar at the top whose menu button opens it (styles/app.css, "app shell").
 */
export function Shell({ route, session, onSignOut, children }: { route: Route; session: SessionInfo; onSignOut: () => void; children: ReactNode }) {
  const { status } = useLive();
  const [menuOpen, setMenuOpen] = useState(false);
  // Going somewhere closes the menu.
  const path = routePath(route);
  useEffect(() => setMenuOpen(false), [path]);
  return (
    <div className="shell">
      <nav className={`sidebar${menuOpen ? ' menu-open' : ''}`} aria-label="Main" data-testid="sidebar">
        <div className="brand">
          <img src="/favicon.svg" alt="" width={28} height={28} />
          <span className="brand-name">Runtime Hub</span>
          <span className={`live-dot menu-live live-${status}`} aria-hidden="true" />
          <button type="button" className="menu-button" aria-label="Menu" aria-expanded={menuOpen} onClick={() => setMenuOpen(!menuOpen)} data-testid="menu-button">
            ☰
          </button>
        </div>
        <ul className="nav-list">
          {NAV.filter((item) => item.needs === undefined || session.permissions.includes(item.needs)).map((item) => (
            <li key={item.label}>
              <Link to={item.route} className={`nav-link${item.pages.includes(route.page) ? ' active' : ''}`} title={item.label}>
                <span className="nav-icon" aria-hidden="true">
                  {item.icon}
                </span>
                <span className="nav-label">{item.label}</span>
              </Link>
            </li>
          ))}
        </ul>
        <div className="sidebar-footer">
          <div className={`live-indicator live-${status}`} data-live={status}>
            <span className="live-dot" aria-hidden="true" />
            <span className="live-indicator-label">{LIVE_LABEL[status]}</span>
          </div>
          <div className="session-name" title={session.user ? `Signed in as ${session.user.email}` : `Signed in with token "${session.name}"`} data-testid="session-name">
            {session.name}
          </div>
          <div className="muted session-role" data-testid="session-role">
            {session.role}
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
