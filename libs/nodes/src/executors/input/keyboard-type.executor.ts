import type { KeyboardTypeConfig, KeyboardTypeOutput } from '../../definitions/input/keyboard-type.definition';
import type { Executor } from '../executor';
import { focusedWindowFor } from './focused-window';

/** Types the text into the focused window, after checking the session and the `window` pattern. */
export const keyboardTypeExecutor: Executor<KeyboardTypeConfig, KeyboardTypeOutput> = async (ctx) => {
  const { text, delayMs, window: pattern } = ctx.config;
  const { desktop } = ctx.platform;
  const window = await focusedWindowFor(desktop, pattern);
  const typed = Array.from(text).length;
  ctx.log('system', `typing ${typed} characters into "${window}"`);
  await desktop.typeText(text, { delayMs, signal: ctx.signal });
  return { output: { typed, window } };
};
