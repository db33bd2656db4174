import { LocalRateLimitStore } from './local-rate-limit.store';
import { bucketsOf, decide } from './rate-limit.buckets';

describe('rate-limit buckets', () => {
  it('key by address, and by a hash of the subject (never the secret)', () => {
    const buckets = bucketsOf('rh', 'signIn', { address: '10.0.0.7', subject: 'rh_secret' });
    expect(buckets[0]).toEqual({ scope: 'address', key: 'rh:rate-limit:signIn:address:10.0.0.7' });
    expect(buckets[1]!.key).toMatch(/^rh:rate-limit:signIn:subject:[0-9a-f]{32}$/);
    expect(buckets[1]!.key).not.toContain('rh_secret');
    expect(bucketsOf('rh', 'agentAuth', { address: '::1' })).toHaveLength(1);
  });

  it('refuse once a bucket holds the limit, waiting for the longest full window', () => {
    const buckets = bucketsOf('rh', 'enroll', { address: 'a', subject: 's' });
    expect(decide(3, buckets, [{ count: 2, windowLeftMs: 500 }, { count: 0, windowLeftMs: 0 }])).toEqual({ allowed: true });
    expect(decide(3, buckets, [{ count: 3, windowLeftMs: 500 }, { count: 1, windowLeftMs: 900 }])).toEqual({ allowed: false, scope: 'address', retryAfterMs: 500 });
    expect(decide(3, buckets, [{ count: 4, windowLeftMs: 500 }, { count: 3, windowLeftMs: 900 }])).toEqual({ allowed: false, scope: 'subject', retryAfterMs: 900 });
  });
});

describe('LocalRateLimitStore', () => {
  it('counts fixed windows that end on their own', async () => {
    let now = 1_000;
    const store = new LocalRateLimitStore(() => now);
    expect(await store.hit(['a'], 100)).toEqual([{ count: 1, windowLeftMs: 100 }]);
    now += 40;
    expect(await store.hit(['a', 'b'], 100)).toEqual([
      { count: 2, windowLeftMs: 60 },
      { count: 1, windowLeftMs: 100 },
    ]);
    now += 60;
    expect(await store.counts(['a', 'b'])).toEqual([
      { count: 0, windowLeftMs: 0 },
      { count: 1, windowLeftMs: 40 },
    ]);
    expect(await store.hit(['a'], 100)).toEqual([{ count: 1, windowLeftMs: 100 }]);
  });
});
