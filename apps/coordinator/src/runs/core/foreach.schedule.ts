import type { RunStatus } from '@runtime-hub/protocol';

/**
 * What a `foreach` node does next, from the states of its child runs. Every child run is
 * written (as `pending`, with its item) when the node starts, so this decision needs nothing
 * but those states:
 *
 * 1. Children `running` count against `concurrency`; free slots go to the `pending` children
 *    with the lowest indexes, so items run in list order.
 * 2. When every child has finished, the node is done. Children that failed or were cancelled
 *    are listed by index; the node fails if there is any (every item is still attempted, as
 *    an operator running a batch over hosts expects).
 */
export interface IterationState {
  readonly index: number;
  readonly status: RunStatus;
}

export type ForeachDecision =
  | { readonly kind: 'continue'; readonly start: readonly number[] }
  | { readonly kind: 'done'; readonly failedIndexes: readonly number[] };

const FINISHED: ReadonlySet<RunStatus> = new Set(['succeeded', 'failed', 'cancelled']);

export function decideForeach(children: readonly IterationState[], concurrency: number): ForeachDecision {
  // 2. all finished: done, naming the failed iterations
  if (children.every((child) => FINISHED.has(child.status))) {
    const failedIndexes = children
      .filter((child) => child.status !== 'succeeded')
      .map((child) => child.index)
      .sort((a, b) => a - b);
    return { kind: 'done', failedIndexes };
  }
  // 1. fill the free slots with the lowest pending indexes
  const running = children.filter((child) => child.status === 'running').length;
  const free = Math.max(0, concurrency - running);
  const start = children
    .filter((child) => child.status === 'pending')
    .map((child) => child.index)
    .sort((a, b) => a - b)
    .slice(0, free);
  return { kind: 'continue', start };
}
