import { StatementBatches } from './statement-batches';

/** A statement that stays out until released the first time, recording each batch it got. */
function heldFirst<T>(answer: (item: T) => string = String) {
  const batches: T[][] = [];
  let release: () => void = () => {};
  const run = async (items: readonly T[]): Promise<string[]> => {
    batches.push([...items]);
    if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
    return items.map(answer);
  };
  return { batches, run, release: () => release() };
}

describe('StatementBatches', () => {
  it('sends a lone item at once, and the items that arrive meanwhile together in the next statement', async () => {
    // ARRANGE
    const statement = heldFirst<string>((item) => item.toUpperCase());
    const batches = new StatementBatches(statement.run, 10);

    // ACT
    const first = batches.submit('a');
    const later = [batches.submit('b'), batches.submit('c')];
    statement.release();

    // ASSERT: each caller gets its own answer
    expect(await Promise.all([first, ...later])).toEqual(['A', 'B', 'C']);
    expect(statement.batches).toEqual([['a'], ['b', 'c']]);
  });

  it('sends at most maxItems in one statement', async () => {
    const statement = heldFirst<number>();
    const batches = new StatementBatches(statement.run, 2);

    const all = [1, 2, 3, 4, 5].map((item) => batches.submit(item));
    statement.release();
    await Promise.all(all);

    expect(statement.batches).toEqual([[1], [2, 3], [4, 5]]);
  });

  it('rejects every item of a failed statement and goes on with the next', async () => {
    let calls = 0;
    let release: () => void = () => {};
    const batches = new StatementBatches<string, string>(async (items) => {
      calls += 1;
      if (calls === 1) await new Promise<void>((resolve) => (release = resolve));
      if (calls === 2) throw new Error('the database refused');
      return [...items];
    }, 10);

    const first = batches.submit('a');
    const failed = [batches.submit('b'), batches.submit('c')].map((promise) => promise.catch((error: Error) => error.message));
    release();
    await first;
    expect(await Promise.all(failed)).toEqual(['the database refused', 'the database refused']);
    await expect(batches.submit('d')).resolves.toBe('d');
  });

  it('rejects the batch when the statement answers for a different number of items', async () => {
    const batches = new StatementBatches<string, string>(async () => [], 10);
    await expect(batches.submit('a')).rejects.toThrow('a batch of 1 got 0 answers');
  });

  it('refuses a maxItems that is not a positive integer', () => {
    expect(() => new StatementBatches<string, string>(async () => [], 0)).toThrow(RangeError);
  });
});
