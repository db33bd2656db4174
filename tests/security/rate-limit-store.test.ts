/**
 * The Redis counters of the rate limits, against a real Redis: checks that arrive together are
 * read by one script call and each gets its own buckets' counts; a failure counted before a
 * check is seen by it.
 */
import { Redis } from 'ioredis';
import { RedisRateLimitStore } from '../../apps/coordinator/src/edge/redis-rate-limit.store';
import { TEST_REDIS_URL, uniqueQueuePrefix } from './edge.harness';

const WINDOW_MS = 60_000;

let redis: Redis;
let prefix: string;
let scriptCalls: number;

beforeEach(async () => {
  redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 0 });
  // Connected before counting: a command sent while connecting is sent again from the offline queue.
  await redis.ping();
  prefix = uniqueQueuePrefix();
  scriptCalls = 0;
  const send = redis.sendCommand.bind(redis);
  redis.sendCommand = ((command: { name: string }, stream?: unknown) => {
    if (command.name === 'evalsha' || command.name === 'eval') scriptCalls += 1;
    return send(command as never, stream as never);
  }) as typeof redis.sendCommand;
});

afterEach(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

const key = (name: string): string => `${prefix}:rate-limit:apiAuth:${name}`;

describe('RedisRateLimitStore', () => {
  it('answers checks that arrive together from one script call, each with its own buckets', async () => {
    // ARRANGE: two failures from address a, one for token t
    const store = new RedisRateLimitStore(redis, 100);
    await store.hit([key('address:a'), key('subject:t')], WINDOW_MS);
    await store.hit([key('address:a')], WINDOW_MS);
    // ACT: a first check goes at once; three that arrive while it is out wait for the next call
    const callsBefore = scriptCalls;
    const [first, ...waiting] = await Promise.all([
      store.counts([key('address:a'), key('subject:t')]),
      store.counts([key('address:b'), key('subject:t')]),
      store.counts([key('address:a')]),
      store.counts([key('address:c'), key('subject:u')]),
    ]);
    // ASSERT
    expect(scriptCalls - callsBefore).toBe(2);
    expect(first.map((bucket) => bucket.count)).toEqual([2, 1]);
    expect(waiting.map((buckets) => buckets.map((bucket) => bucket.count))).toEqual([[0, 1], [2], [0, 0]]);
    expect(first[0]!.windowLeftMs).toBeGreaterThan(0);
    expect(first[0]!.windowLeftMs).toBeLessThanOrEqual(WINDOW_MS);
  });

  it('caps the checks read by one call', async () => {
    // ARRANGE
    const store = new RedisRateLimitStore(redis, 2);
    // ACT: one goes at once, the four waiting go two per call
    const answers = await Promise.all(Array.from({ length: 5 }, (_, index) => store.counts([key(`address:${index}`)])));
    // ASSERT
    expect(answers).toHaveLength(5);
    expect(scriptCalls).toBe(3);
  });

  it('sees a failure counted before the check', async () => {
    // ARRANGE
    const store = new RedisRateLimitStore(redis, 100);
    await store.counts([key('address:d')]);
    // ACT
    await store.hit([key('address:d')], WINDOW_MS);
    const [after] = await store.counts([key('address:d')]);
    // ASSERT
    expect(after!.count).toBe(1);
  });

  it('fails every waiting check when the call fails, so each caller can fall back', async () => {
    // ARRANGE: a connection that refuses commands while disconnected
    const offline = new Redis(TEST_REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true });
    const store = new RedisRateLimitStore(offline, 100);
    // ACT
    const outcomes = await Promise.allSettled([store.counts([key('address:e')]), store.counts([key('address:f')])]);
    // ASSERT
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    offline.disconnect();
  });
});
