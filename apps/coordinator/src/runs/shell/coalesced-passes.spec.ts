import { CoalescedPasses } from './coalesced-passes';

describe('CoalescedPasses', () => {
  it('runs one pass per key at a time; calls during it make one more round, not one each', async () => {
    // ARRANGE: a pass that takes a turn of the event loop
    const rounds: string[] = [];
    const passes = new CoalescedPasses(
      async (key) => {
        rounds.push(key);
        await new Promise((resolve) => setImmediate(resolve));
      },
      () => undefined,
    );

    // ACT: three calls for a while its first pass runs, one for b
    const calls = [passes.run('a'), passes.run('a'), passes.run('a'), passes.run('b')];
    expect(rounds).toEqual(['a', 'b']);
    await Promise.all(calls);

    // ASSERT: a ran twice (its first round and one more for the two calls during it), b once
    expect(rounds.sort()).toEqual(['a', 'a', 'b']);
    await passes.run('a');
    expect(rounds.filter((key) => key === 'a')).toHaveLength(3);
  });

  it('reports a pass that threw and goes on', async () => {
    const failures: string[] = [];
    const passes = new CoalescedPasses(() => Promise.reject(new Error('database away')), (key, error) => failures.push(`${key}: ${(error as Error).message}`));
    await passes.run('w1');
    expect(failures).toEqual(['w1: database away']);
  });

  it('starts no new round after stop', async () => {
    let count = 0;
    const passes = new CoalescedPasses(
      async () => {
        count += 1;
        await new Promise((resolve) => setImmediate(resolve));
      },
      () => undefined,
    );
    const first = passes.run('a');
    void passes.run('a');
    passes.stop();
    await first;
    await passes.settled();
    expect(count).toBe(1);
  });
});
