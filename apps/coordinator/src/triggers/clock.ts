/**
 * The time as schedules, batches and hooks read it: injected, so the rules that depend on it
 * are tested with a clock the test sets.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export const CLOCK = Symbol('CLOCK');

export const systemClock: Clock = { now: () => Date.now() };
