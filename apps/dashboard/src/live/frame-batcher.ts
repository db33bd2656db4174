/**
 * Collects items (socket events) and hands them over in one batch per animation frame, so
 * a burst of a hundred node updates re-renders the run view once, not a hundred times.
 */

export type FrameScheduler = (callback: () => void) => number;
export type FrameCanceller = (handle: number) => void;

export interface FrameBatcher<T> {
  push(item: T): void;
  /** Delivers what is pending now (e.g. before a snapshot replaces the state). */
  flush(): void;
  /** Drops what is pending and stops; nothing is delivered afterwards. */
  close(): void;
}

export function createFrameBatcher<T>(
  deliver: (items: T[]) => void,
  schedule: FrameScheduler = (callback) => globalThis.requestAnimationFrame(callback),
  cancel: FrameCanceller = (handle) => globalThis.cancelAnimationFrame(handle),
): FrameBatcher<T> {
  let pending: T[] = [];
  let handle: number | undefined;
  let closed = false;

  const flush = () => {
    if (handle !== undefined) cancel(handle);
    handle = undefined;
    if (pending.length === 0 || closed) return;
    const batch = pending;
    pending = [];
    deliver(batch);
  };

  return {
    push(item) {
      if (closed) return;
      pending.push(item);
      if (handle === undefined) {
        handle = schedule(() => {
          handle = undefined;
          flush();
        });
      }
    },
    flush,
    close() {
      if (handle !== undefined) cancel(handle);
      handle = undefined;
      pending = [];
      closed = true;
    },
  };
}
