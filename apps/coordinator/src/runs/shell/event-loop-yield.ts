import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * A counter that gives the event loop back every `every` calls. Work on a run's nodes that
 * needs no I/O resolves only microtasks, and microtasks never let timers, sockets or HTTP
 * requests in: 10,000 of them in a row would hold `/health` and every agent's heartbeat
 * for seconds. `await tick()` in such a loop lets them in between chunks.
 */
export function eventLoopYielder(every: number): () => Promise<void> {
  let count = 0;
  return async () => {
    count += 1;
    if (count % every === 0) await nextTurn();
  };
}
