import { RECONNECT_BASE_DELAY_MS, RECONNECT_JITTER_RATIO, RECONNECT_MAX_DELAY_MS } from './worker.defaults';

/**
 * Exponential backoff with jitter for reconnecting the control channel, also when the very
 * first connection fails. The n-th consecutive failure (from 1) waits
 *
 *     ceiling = min(maxDelayMs, baseDelayMs * 2^(n-1))
 *     delay   = ceiling * (1 - jitterRatio * random())       // random() in [0, 1)
 *
 * so every delay lies in (ceiling * (1 - jitterRatio), ceiling]: never above the cap, never
 * zero, and hosts that lost the coordinator together spread their returns over the window.
 */
export interface BackoffPolicy {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** 0: no jitter; 1: anywhere between 0 and the ceiling. */
  readonly jitterRatio: number;
}

export const DEFAULT_RECONNECT_POLICY: BackoffPolicy = {
  baseDelayMs: RECONNECT_BASE_DELAY_MS,
  maxDelayMs: RECONNECT_MAX_DELAY_MS,
  jitterRatio: RECONNECT_JITTER_RATIO,
};

/** A source of numbers in [0, 1), `Math.random` in production; injected by tests. */
export type RandomSource = () => number;

export function reconnectDelayMs(failures: number, policy: BackoffPolicy = DEFAULT_RECONNECT_POLICY, random: RandomSource = Math.random): number {
  const exponent = Math.max(0, Math.floor(failures) - 1);
  // 2^exponent overflows to Infinity for huge exponents; min() still caps it.
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  const jitter = Math.min(1, Math.max(0, policy.jitterRatio));
  const sample = Math.min(Math.max(random(), 0), 1);
  return Math.max(1, Math.round(ceiling * (1 - jitter * sample)));
}
