import { KeyedBatches } from './keyed-batches';

/** A work function whose calls the test releases one at a time. */
function gatedWork() {
  const calls: Array<{ key: string; items: readonly number[]; release: (answers?: readonly string[]) => void; fail: (error: Error) => void }> = [];
  const work = (key: string, items: readonly number[]) =>
    new Promise<readonly string[]>((resolve, reject) => {
      calls.push({ key, items, release: (answers) => resolve(answers ?? items.map((item) => `${key}:${item}`)), fail: reject });
    });
  return { calls, work };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('KeyedBatches', () => {
  it('runs the first item alone, then everything that waited meanwhile as one batch, each caller getting its own answer', async () => {
    // ARRANGE
    const { calls, work } = gatedWork();
    const batches = new KeyedBatches(work, 10);
    // ACT
    const first = batches.submit('run-a', 1);
    await tick();
    const later = [batches.submit('run-a', 2), batches.submit('run-a', 3)];
    calls[0]?.release();
    await tick();
    calls[1]?.release();
    // ASSERT
    await expect(first).resolves.toBe('run-a:1');
    await expect(Promise.all(later)).resolves.toEqual(['run-a:2', 'run-a:3']);
    expect(calls.map((call) => call.items)).toEqual([[1], [2, 3]]);
  });

  it('lets other keys through while one key is busy', async () => {
    const { calls, work } = gatedWork();
    const batches = new KeyedBatches(work, 10);
    const a = batches.submit('run-a', 1);
    const b = batches.submit('run-b', 2);
    await tick();
    expect(calls.map((call) => call.key)).toEqual(['run-a', 'run-b']);
    calls[1]?.release();
    await expect(b).resolves.toBe('run-b:2');
    calls[0]?.release();
    await expect(a).resolves.toBe('run-a:1');
  });

  it('cuts batches at the bound', async () => {
    const { calls, work } = gatedWork();
    const batches = new KeyedBatches(work, 2);
    const first = batches.submit('k', 0);
    await tick();
    const rest = [1, 2, 3].map((item) => batches.submit('k', item));
    calls[0]?.release();
    await tick();
    calls[1]?.release();
    await tick();
    calls[2]?.release();
    await Promise.all([first, ...rest]);
    expect(calls.map((call) => call.items)).toEqual([[0], [1, 2], [3]]);
  });

  it("rejects every item of a batch whose work failed, and goes on with the next", async () => {
    const { calls, work } = gatedWork();
    const batches = new KeyedBatches(work, 10);
    const first = batches.submit('k', 1);
    await tick();
    const second = batches.submit('k', 2);
    calls[0]?.fail(new Error('database away'));
    await expect(first).rejects.toThrow('database away');
    await tick();
    calls[1]?.release();
    await expect(second).resolves.toBe('k:2');
  });

  it('refuses a bound that is not a positive integer', () => {
    expect(() => new KeyedBatches(async () => [], 0)).toThrow(RangeError);
  });
});
