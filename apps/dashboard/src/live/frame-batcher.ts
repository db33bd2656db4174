/**
 * Collects items (socket events) and hands them over in one batch per animation frame, so
 * a burst of a hundred node updates re-renders the run view once, not a hundred times. With
 * `minIntervalMs`, batches are also at least that far apart: on a run of a thousand nodes
 * every re-render costs the browser a layout and paint of the whole graph, and ten of those
 * a second look as live as sixty while leaving the page free to answer.
 */

export type FrameScheduler = (callback: () => void) => number;
export type FrameCanceller = (handle: number) => void;

export interface FrameBatcherOptions {
  /** Shortest time between two deliveries, in milliseconds; 0 delivers at every frame. */
  readonly minIntervalMs?: number;
  readonly schedule?: FrameScheduler;
  readonly cancel?: FrameCanceller;
  readonly now?: () => number;
}

export interface FrameBatcher<T> {
  push(item: T): void;
  /** Delivers what is pending now (e.g. before a snapshot replaces the state). */
  flush(): void;
  /** Drops what is pending and stops; nothing is delivered afterwards. */
  close(): void;
}

export function createFrameBatcher<T>(deliver: (items: T[]) => void, options: FrameBatcherOptions = {}): FrameBatcher<T> {
  const {
    minIntervalMs = 0,
    schedule = (callback) => globalThis.requestAnimationFrame(callback),
    cancel = (handle) => globalThis.cancelAnimationFrame(handle),
    now = () => globalThis.performance.now(),
  } = options;
  let pending: T[] = [];
  let handle: number | undefined;
  let closed = false;
  let deliveredAt = Number.NEGATIVE_INFINITY;

  const flush = () => {
    if (handle !== undefined) cancel(handle);
    handle = undefined;
    if (pending.length === 0 || closed) return;
    const batch = pending;
    pending = [];
    deliveredAt = now();
    deliver(batch);
  };

  // Waits frame by frame until the interval since the last delivery has passed.
  const arm = () => {
    handle = schedule(() => {
      handle = undefined;
      if (now() - deliveredAt < minIntervalMs) arm();
      else flush();
    });
  };

  return {
    push(item) {
      if (closed) return;
      pending.push(item);
      if (handle === undefined) arm();
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
