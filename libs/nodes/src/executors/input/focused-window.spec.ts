import type { DesktopSession } from '@runtime-hub/protocol';
import { NonRetryableError } from '../../errors/non-retryable.error';
import { RetryableError } from '../../errors/retryable.error';
import type { Desktop } from '../../platform/desktop/desktop';
import { focusedWindowFor } from './focused-window';

const desktop = (session: DesktopSession, title: string | null): Desktop => ({
  session: async () => session,
  focusedWindowTitle: async () => title,
  typeText: async () => undefined,
  pressChords: async () => undefined,
});

describe('focusedWindowFor', () => {
  it('returns the title when it matches the pattern, ignoring case', async () => {
    await expect(focusedWindowFor(desktop('unlocked', 'invoice.txt - Notepad'), '*notepad')).resolves.toBe('invoice.txt - Notepad');
    await expect(focusedWindowFor(desktop('unlocked', null), undefined)).resolves.toBe('');
  });

  it('fails, not retryable, naming the pattern and the actual title', async () => {
    const failure = focusedWindowFor(desktop('unlocked', 'Calculator'), '* - Notepad');

    await expect(failure).rejects.toThrow(NonRetryableError);
    await expect(failure).rejects.toMatchObject({
      code: 'WINDOW_MISMATCH',
      message: 'expected a focused window matching "* - Notepad", but the focused window is "Calculator"; no key was sent',
      details: { expected: '* - Notepad', actual: 'Calculator' },
    });
    await expect(focusedWindowFor(desktop('unlocked', null), 'Notepad')).rejects.toThrow('but no window has the focus');
  });

  it('refuses a locked or absent session as retryable', async () => {
    for (const session of ['locked', 'none'] as const) {
      const failure = focusedWindowFor(desktop(session, 'Notepad'), undefined);
      await expect(failure).rejects.toThrow(RetryableError);
      await expect(failure).rejects.toMatchObject({ code: 'DESKTOP_UNAVAILABLE', details: { session } });
    }
  });
});
