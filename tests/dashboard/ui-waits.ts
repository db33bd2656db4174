/**
 * Bounded waits on what the page shows. playwright-core has no assertion library; these
 * poll a locator until the condition holds and fail with what was last seen.
 */
import type { Locator } from 'playwright-core';

/** Longest any of these waits; a page that needs longer is broken for a person too. */
export const UI_WAIT_TIMEOUT_MS = 10_000;
const POLL_INTERVAL_MS = 50;

async function until<T>(what: string, read: () => Promise<T>, holds: (value: T) => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: T | string = '(never read)';
  for (;;) {
    try {
      last = await read();
      if (holds(last)) return;
    } catch (error) {
      last = `(could not read: ${error instanceof Error ? error.message : String(error)})`;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}

export function waitForCount(locator: Locator, count: number, timeoutMs = UI_WAIT_TIMEOUT_MS): Promise<void> {
  return until(`${count} of ${locator.toString()}`, () => locator.count(), (value) => value === count, timeoutMs);
}

export function waitForText(locator: Locator, text: string, timeoutMs = UI_WAIT_TIMEOUT_MS): Promise<void> {
  return until(`"${text}" in ${locator.toString()}`, () => locator.innerText({ timeout: POLL_INTERVAL_MS * 4 }), (value) => value.includes(text), timeoutMs);
}

export function waitForAttribute(locator: Locator, name: string, value: string, timeoutMs = UI_WAIT_TIMEOUT_MS): Promise<void> {
  return until(`${name}="${value}" on ${locator.toString()}`, () => locator.getAttribute(name, { timeout: POLL_INTERVAL_MS * 4 }), (seen) => seen === value, timeoutMs);
}

export function waitForClass(locator: Locator, className: string, timeoutMs = UI_WAIT_TIMEOUT_MS): Promise<void> {
  return until(
    `class ${className} on ${locator.toString()}`,
    () => locator.getAttribute('class', { timeout: POLL_INTERVAL_MS * 4 }),
    (seen) => (seen ?? '').split(/\s+/).includes(className),
    timeoutMs,
  );
}

/** Waits until the attribute holds something other than `before` (a live update arrived). */
export function waitForAttributeChange(locator: Locator, name: string, before: string | null, timeoutMs = UI_WAIT_TIMEOUT_MS): Promise<void> {
  return until(`${name} to change from "${before}" on ${locator.toString()}`, () => locator.getAttribute(name, { timeout: POLL_INTERVAL_MS * 4 }), (seen) => seen !== before, timeoutMs);
}
