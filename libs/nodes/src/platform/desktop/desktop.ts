import type { DesktopSession } from '@runtime-hub/protocol';
import type { KeyChord } from '../../definitions/input/key-chord';

export interface KeystrokeOptions {
  /** Pause after each keystroke (a character, or a whole chord). */
  readonly delayMs: number;
  /** Stops between keystrokes; a keystroke already begun is finished, so no key stays held. */
  readonly signal: AbortSignal;
}

/**
 * The interactive desktop this agent runs in: its session state, the focused window, and
 * synthesized keyboard input (SendInput on Windows, XTest on X11). Native libraries are loaded
 * on first use, so an agent that never drives a desktop never loads them. Failing to reach the
 * desktop is a `DESKTOP_UNAVAILABLE` error (retryable: a locked session unlocks).
 */
export interface Desktop {
  /** `none` when there is no desktop to reach (no display, a service session); never throws. */
  session(): Promise<DesktopSession>;
  /** Title of the window that has the keyboard focus; null when no window has it. */
  focusedWindowTitle(): Promise<string | null>;
  /** Types text as a person would, one character per keystroke, whatever the keyboard layout. */
  typeText(text: string, options: KeystrokeOptions): Promise<void>;
  /** Presses each chord in turn: modifiers down, the key down and up, modifiers up. */
  pressChords(chords: readonly KeyChord[], options: KeystrokeOptions): Promise<void>;
}
