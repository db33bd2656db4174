import { PendingResults, pendingResultKey } from './pending-results';

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('pending results', () => {
  const key = pendingResultKey('agent-1', { runId: 'run-1', nodeId: 'n1', attempt: 2 });

  it('records a result once while copies of it arrive, and answers every copy when it is recorded', async () => {
    // ARRANGE
    const pending = new PendingResults();
    const recording = deferred();
    let records = 0;
    const record = () => {
      records += 1;
      return recording.promise;
    };
    // ACT
    const first = pending.run(key, record);
    const second = pending.run(key, record);
    const third = pending.run(key, record);
    recording.resolve();
    // ASSERT
    await expect(Promise.all([first, second, third])).resolves.toEqual([undefined, undefined, undefined]);
    expect(records).toBe(1);
    expect(pending.size).toBe(0);
  });

  it('gives a failed recording to every copy waiting on it, and records the next copy afresh', async () => {
    // ARRANGE
    const pending = new PendingResults();
    const failing = deferred();
    const first = pending.run(key, () => failing.promise);
    const joined = pending.run(key, () => Promise.resolve());
    // ACT
    failing.reject(new Error('database away'));
    // ASSERT
    await expect(first).rejects.toThrow('database away');
    await expect(joined).rejects.toThrow('database away');
    let recordedAgain = false;
    await pending.run(key, async () => {
      recordedAgain = true;
    });
    expect(recordedAgain).toBe(true);
  });

  it('keeps the results of other attempts and other agents apart', async () => {
    // ARRANGE
    const pending = new PendingResults();
    const held = deferred();
    const keys = [
      key,
      pendingResultKey('agent-1', { runId: 'run-1', nodeId: 'n1', attempt: 3 }),
      pendingResultKey('agent-2', { runId: 'run-1', nodeId: 'n1', attempt: 2 }),
      pendingResultKey('agent-1', { runId: 'run-1', nodeId: 'n2', attempt: 2 }),
    ];
    let records = 0;
    // ACT
    const all = keys.map((each) =>
      pending.run(each, () => {
        records += 1;
        return held.promise;
      }),
    );
    // ASSERT
    expect(pending.size).toBe(4);
    held.resolve();
    await Promise.all(all);
    expect(records).toBe(4);
  });
});
