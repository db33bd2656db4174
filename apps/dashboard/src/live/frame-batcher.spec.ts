import { createFrameBatcher } from './frame-batcher';

/** A scheduler the test advances by hand: one call of `frame()` is one animation frame. */
function fakeFrames() {
  const callbacks = new Map<number, () => void>();
  let next = 1;
  return {
    schedule: (callback: () => void) => {
      callbacks.set(next, callback);
      return next++;
    },
    cancel: (handle: number) => void callbacks.delete(handle),
    frame: () => {
      const due = [...callbacks.values()];
      callbacks.clear();
      for (const callback of due) callback();
    },
    get scheduled() {
      return callbacks.size;
    },
  };
}

describe('createFrameBatcher', () => {
  it('delivers everything pushed within one frame as one batch', () => {
    // ARRANGE
    const frames = fakeFrames();
    const batches: number[][] = [];
    const batcher = createFrameBatcher<number>((items) => batches.push(items), { schedule: frames.schedule, cancel: frames.cancel });

    // ACT
    for (let index = 0; index < 100; index += 1) batcher.push(index);
    expect(frames.scheduled).toBe(1);
    frames.frame();
    batcher.push(100);
    frames.frame();

    // ASSERT
    expect(batches.map((batch) => batch.length)).toEqual([100, 1]);
  });

  it('flushes on demand and then has nothing left for the frame', () => {
    const frames = fakeFrames();
    const batches: string[][] = [];
    const batcher = createFrameBatcher<string>((items) => batches.push(items), { schedule: frames.schedule, cancel: frames.cancel });
    batcher.push('a');
    batcher.flush();
    frames.frame();
    expect(batches).toEqual([['a']]);
    expect(frames.scheduled).toBe(0);
  });

  it('delivers nothing after close', () => {
    const frames = fakeFrames();
    const deliver = jest.fn();
    const batcher = createFrameBatcher<string>(deliver, { schedule: frames.schedule, cancel: frames.cancel });
    batcher.push('a');
    batcher.close();
    batcher.push('b');
    frames.frame();
    batcher.flush();
    expect(deliver).not.toHaveBeenCalled();
  });

  it('keeps batches at least the minimum interval apart, waiting frame by frame', () => {
    const frames = fakeFrames();
    let time = 0;
    const batches: number[][] = [];
    const batcher = createFrameBatcher<number>((items) => batches.push(items), { schedule: frames.schedule, cancel: frames.cancel, now: () => time, minIntervalMs: 100 });

    batcher.push(1);
    frames.frame();
    expect(batches).toEqual([[1]]);

    // 16 ms frames: pushes within the next 100 ms wait and come as one batch.
    for (let item = 2; item <= 6; item += 1) {
      time += 16;
      batcher.push(item);
      frames.frame();
    }
    expect(batches).toEqual([[1]]);
    expect(frames.scheduled).toBe(1);

    time += 30;
    frames.frame();
    expect(batches).toEqual([[1], [2, 3, 4, 5, 6]]);
    expect(frames.scheduled).toBe(0);
  });
});
