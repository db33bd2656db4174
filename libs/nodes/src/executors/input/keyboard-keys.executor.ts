import { parseChord, type KeyChord } from '../../definitions/input/key-chord';
import type { KeyboardKeysConfig, KeyboardKeysOutput } from '../../definitions/input/keyboard-keys.definition';
import { NonRetryableError } from '../../errors/non-retryable.error';
import type { Executor } from '../executor';
import { focusedWindowFor } from './focused-window';

/** Presses each key or chord in turn in the focused window, after checking the session and the `window` pattern. */
export const keyboardKeysExecutor: Executor<KeyboardKeysConfig, KeyboardKeysOutput> = async (ctx) => {
  const { keys, delayMs, window: pattern } = ctx.config;
  // The config schema already refused unknown keys; parsed again here for their codes.
  const chords: KeyChord[] = keys.map((text, index) => {
    const parsed = parseChord(text);
    if (!parsed.ok) throw new NonRetryableError('CONFIG_INVALID', `config.keys[${index}]: ${parsed.problem}`);
    return parsed.chord;
  });
  const { desktop } = ctx.platform;
  const window = await focusedWindowFor(desktop, pattern);
  ctx.log('system', `pressing ${keys.join(', ')} in "${window}"`);
  await desktop.pressChords(chords, { delayMs, signal: ctx.signal });
  return { output: { pressed: chords.length, window } };
};
