import { NonRetryableError } from '../../errors/non-retryable.error';
import { RetryableError } from '../../errors/retryable.error';
import type { Desktop } from '../../platform/desktop/desktop';
import { compileGlob } from '../file/glob.pattern';

/**
 * Before a key is sent: the session must be unlocked (a locked screen takes no input, and a
 * service has no desktop), and the focused window's title must match the node's `window`
 * pattern when it has one. Returns the title, for the node's output and log.
 */
export async function focusedWindowFor(desktop: Desktop, pattern: string | undefined): Promise<string> {
  const session = await desktop.session();
  if (session !== 'unlocked') {
    throw new RetryableError(
      'DESKTOP_UNAVAILABLE',
      session === 'locked' ? 'the desktop session is locked: keys would not reach any window' : 'this agent has no desktop session to type into (no display, or a service session)',
      { details: { session } },
    );
  }
  const title = await desktop.focusedWindowTitle();
  if (pattern !== undefined && (title === null || !compileGlob(pattern, { caseInsensitive: true })(title))) {
    const actual = title === null ? 'no window has the focus' : `the focused window is "${title}"`;
    throw new NonRetryableError('WINDOW_MISMATCH', `expected a focused window matching "${pattern}", but ${actual}; no key was sent`, {
      details: { expected: pattern, actual: title },
    });
  }
  return title ?? '';
}
