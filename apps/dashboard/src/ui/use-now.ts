import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { TickingClock } from './ticking-clock';

/** The current time, refreshed every `intervalMs` while `active`: running durations tick. */
export function useNow(intervalMs: number, active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs, active]);
  return now;
}

const NEVER_CHANGES = () => () => undefined;

/**
 * The shared clock's time while `active` (re-rendering at each tick); while not active the
 * component neither subscribes nor re-renders, and reads the time of its last render.
 */
export function useClockWhile(clock: TickingClock, active: boolean): number {
  const subscribe = useCallback((listener: () => void) => clock.subscribe(listener), [clock]);
  return useSyncExternalStore(active ? subscribe : NEVER_CHANGES, clock.now);
}
