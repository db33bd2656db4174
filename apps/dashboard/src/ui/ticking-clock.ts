/**
 * One timer for every running duration on a page. A view that shows a duration subscribes
 * only while what it shows is running, so a tick re-renders the few running nodes of a run
 * and not the thousand finished ones. The timer runs only while someone listens.
 */

export interface TickingClock {
  /** The time of the last tick: stable between ticks, as a React snapshot must be. */
  now(): number;
  subscribe(listener: () => void): () => void;
}

export interface ClockTimer {
  start(tick: () => void, intervalMs: number): unknown;
  stop(handle: unknown): void;
  now(): number;
}

const SYSTEM_TIMER: ClockTimer = {
  start: (tick, intervalMs) => globalThis.setInterval(tick, intervalMs),
  stop: (handle) => globalThis.clearInterval(handle as ReturnType<typeof setInterval>),
  now: () => Date.now(),
};

export function createTickingClock(intervalMs: number, timer: ClockTimer = SYSTEM_TIMER): TickingClock {
  const listeners = new Set<() => void>();
  let current = timer.now();
  let handle: unknown;
  const tick = () => {
    current = timer.now();
    for (const listener of [...listeners]) listener();
  };
  return {
    now: () => current,
    subscribe(listener) {
      if (listeners.size === 0) {
        // The first reader after a quiet spell must not see the time the timer stopped at.
        current = timer.now();
        handle = timer.start(tick, intervalMs);
      }
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && handle !== undefined) {
          timer.stop(handle);
          handle = undefined;
        }
      };
    },
  };
}
