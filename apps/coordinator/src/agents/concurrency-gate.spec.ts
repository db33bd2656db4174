import { ConcurrencyGate } from './concurrency-gate';

describe('ConcurrencyGate', () => {
  it('runs at most `limit` at once and every call in the end, in order', async () => {
    // ARRANGE
    const gate = new ConcurrencyGate(2);
    let active = 0;
    let most = 0;
    const started: number[] = [];
    const releases: Array<() => void> = [];
    const work = (index: number) => () =>
      new Promise<number>((resolve) => {
        active += 1;
        most = Math.max(most, active);
        started.push(index);
        releases.push(() => {
          active -= 1;
          resolve(index);
        });
      });

    // ACT
    const calls = [0, 1, 2, 3, 4].map((index) => gate.run(work(index)));
    await Promise.resolve();
    while (releases.length > 0) {
      releases.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }

    // ASSERT
    expect(await Promise.all(calls)).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  it('frees the slot of a call that throws', async () => {
    const gate = new ConcurrencyGate(1);
    await expect(gate.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });
});
