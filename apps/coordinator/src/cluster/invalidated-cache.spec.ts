import { InvalidatedCache } from './invalidated-cache';

const TTL_MS = 1_000;

describe('InvalidatedCache', () => {
  const setup = (maxEntries = 10) => {
    const clock = { now: 0 };
    const cache = new InvalidatedCache<string>({ ttlMs: TTL_MS, maxEntries, now: () => clock.now });
    let reads = 0;
    const store = new Map<string, string>([['a', 'a1']]);
    const read = (key: string) => async () => {
      reads += 1;
      return store.get(key) ?? 'none';
    };
    return { clock, cache, store, read, reads: () => reads };
  };

  it('reads a key once, then answers it from memory until its TTL passes', async () => {
    // ARRANGE
    const { clock, cache, read, reads } = setup();
    // ACT
    const first = await cache.get('a', read('a'));
    clock.now = TTL_MS - 1;
    const second = await cache.get('a', read('a'));
    clock.now = TTL_MS;
    const third = await cache.get('a', read('a'));
    // ASSERT
    expect([first, second, third]).toEqual(['a1', 'a1', 'a1']);
    expect(reads()).toBe(2);
  });

  it('reads again after the key, or everything, was invalidated', async () => {
    // ARRANGE
    const { cache, store, read } = setup();
    await cache.get('a', read('a'));
    // ACT
    store.set('a', 'a2');
    cache.invalidate('a');
    const afterKey = await cache.get('a', read('a'));
    store.set('a', 'a3');
    cache.invalidate();
    const afterAll = await cache.get('a', read('a'));
    // ASSERT
    expect([afterKey, afterAll]).toEqual(['a2', 'a3']);
  });

  it('keeps nothing of a read that was in flight when the key was invalidated', async () => {
    // ARRANGE: a read that saw the old row, answered after the change was announced
    const { cache, store, read } = setup();
    let answer: (value: string) => void = () => undefined;
    const inFlight = cache.get('a', () => new Promise<string>((resolve) => (answer = resolve)));
    // ACT
    store.set('a', 'a2');
    cache.invalidate('a');
    answer('a1');
    const stale = await inFlight;
    const next = await cache.get('a', read('a'));
    // ASSERT: the stale value went to its own caller only
    expect([stale, next]).toEqual(['a1', 'a2']);
  });

  it('shares a read in flight among the callers of its key, but not across an invalidation', async () => {
    // ARRANGE: a read that has not answered yet
    const { cache } = setup();
    const answers: Array<(value: string) => void> = [];
    let reads = 0;
    const slowRead = () => {
      reads += 1;
      return new Promise<string>((resolve) => answers.push(resolve));
    };
    // ACT: two callers, then an invalidation, then a third
    const first = cache.get('a', slowRead);
    const second = cache.get('a', slowRead);
    cache.invalidate('a');
    const third = cache.get('a', slowRead);
    answers[0]?.('old');
    answers[1]?.('new');
    // ASSERT
    expect(reads).toBe(2);
    expect(await Promise.all([first, second, third])).toEqual(['old', 'old', 'new']);
    expect(await cache.get('a', slowRead)).toBe('new');
  });

  it('drops the least recently used entry beyond its bound', async () => {
    // ARRANGE
    const { cache, store, read, reads } = setup(2);
    store.set('b', 'b1').set('c', 'c1');
    await cache.get('a', read('a'));
    await cache.get('b', read('b'));
    await cache.get('a', read('a'));
    // ACT: c pushes out b, used longest ago
    await cache.get('c', read('c'));
    const before = reads();
    await cache.get('a', read('a'));
    await cache.get('b', read('b'));
    // ASSERT
    expect(cache.size).toBe(2);
    expect(reads() - before).toBe(1);
  });
});
