/**
 * The control channel's reconnect delays: exponential, capped, and jittered within bounds.
 * The random source is injected, so the bounds are checked at their extremes and over
 * arbitrary samples.
 */
import fc from 'fast-check';
import { DEFAULT_RECONNECT_POLICY, reconnectDelayMs, type BackoffPolicy } from '../../apps/worker-windows/src/reconnect-backoff';

const policy: BackoffPolicy = { baseDelayMs: 500, maxDelayMs: 30_000, jitterRatio: 0.5 };
const ceilingOf = (failures: number, p: BackoffPolicy) => Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** Math.max(0, failures - 1));

describe('reconnectDelayMs', () => {
  it('doubles from the base delay while under the cap (random 0: no jitter taken off)', () => {
    expect([1, 2, 3, 4, 5].map((failures) => reconnectDelayMs(failures, policy, () => 0))).toEqual([500, 1_000, 2_000, 4_000, 8_000]);
  });

  it('never exceeds the cap, even after very many failures', () => {
    expect(reconnectDelayMs(7, policy, () => 0)).toBe(30_000);
    expect(reconnectDelayMs(10_000, policy, () => 0)).toBe(30_000);
  });

  it('takes at most jitterRatio of the delay off (random just below 1)', () => {
    expect(reconnectDelayMs(4, policy, () => 0.999_999)).toBe(2_000);
    expect(reconnectDelayMs(1, policy, () => 0.5)).toBe(375);
  });

  it('spreads hosts that fail together: different samples give different delays', () => {
    const delays = new Set([0, 0.25, 0.5, 0.75].map((sample) => reconnectDelayMs(6, policy, () => sample)));
    expect(delays.size).toBe(4);
  });

  it('stays within (ceiling * (1 - jitter), ceiling] for any failure count and sample', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 200 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 600_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (failures, sample, baseDelayMs, maxDelayMs, jitterRatio) => {
          const p = { baseDelayMs, maxDelayMs, jitterRatio };
          const ceiling = ceilingOf(failures, p);
          const delay = reconnectDelayMs(failures, p, () => sample);
          expect(delay).toBeLessThanOrEqual(Math.max(1, Math.round(ceiling)));
          expect(delay).toBeGreaterThanOrEqual(Math.max(1, Math.floor(ceiling * (1 - jitterRatio))));
          expect(delay).toBeLessThanOrEqual(Math.max(maxDelayMs, 1));
        },
      ),
    );
  });

  it('uses the named defaults: first retry within a second, none beyond thirty seconds', () => {
    expect(DEFAULT_RECONNECT_POLICY).toEqual({ baseDelayMs: 500, maxDelayMs: 30_000, jitterRatio: 0.5 });
    for (let failures = 1; failures < 50; failures += 1) {
      expect(reconnectDelayMs(failures, DEFAULT_RECONNECT_POLICY, Math.random)).toBeLessThanOrEqual(30_000);
    }
    expect(reconnectDelayMs(1)).toBeLessThanOrEqual(500);
  });
});
