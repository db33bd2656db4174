import { eventLoopYielder } from './event-loop-yield';

describe('eventLoopYielder', () => {
  it('gives the event loop back on every `every`-th tick only', async () => {
    // ARRANGE: a callback waiting for the event loop, as an HTTP request would
    const tick = eventLoopYielder(3);
    let loopTurned = false;
    setImmediate(() => {
      loopTurned = true;
    });

    // ACT + ASSERT: two ticks resolve as microtasks, the third lets the waiting callback run
    await tick();
    await tick();
    expect(loopTurned).toBe(false);
    await tick();
    expect(loopTurned).toBe(true);
  });
});
