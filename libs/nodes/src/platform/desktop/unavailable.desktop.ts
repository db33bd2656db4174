import { RetryableError } from '../../errors/retryable.error';
import type { Desktop } from './desktop';

/** A system the agent cannot drive a desktop on (macOS): no session, and input fails saying why. */
export function createUnavailableDesktop(reason: string): Desktop {
  const fail = async (): Promise<never> => {
    throw new RetryableError('DESKTOP_UNAVAILABLE', reason);
  };
  return { session: async () => 'none', focusedWindowTitle: fail, typeText: fail, pressChords: fail };
}
