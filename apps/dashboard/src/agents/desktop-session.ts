import type { DesktopSession } from '@runtime-hub/protocol';

/**
 * How the agents page words an agent's desktop session: whether desktop nodes (keyboard
 * input) can run there now, and if not, why. Offline agents have none to show.
 */
export function desktopSessionLabel(session: DesktopSession | null): { readonly text: string; readonly tone: 'ok' | 'warn' | 'muted' } {
  if (session === 'unlocked') return { text: 'unlocked: desktop nodes run here', tone: 'ok' };
  if (session === 'locked') return { text: 'locked: desktop nodes wait', tone: 'warn' };
  if (session === 'none') return { text: 'no desktop session', tone: 'muted' };
  return { text: 'unknown while offline', tone: 'muted' };
}
