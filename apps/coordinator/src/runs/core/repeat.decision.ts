/**
 * What a `repeat` node does after an iteration's child run ended:
 *
 * 1. The child failed or was cancelled: the node fails (CHILD_RUN_FAILED).
 * 2. `until` holds over `{ iteration, last }`: the node succeeds with `{ iterations, last }`.
 * 3. `maxIterations` iterations have run: the node fails (MAX_ITERATIONS).
 * 4. Otherwise the next iteration starts.
 */
export type RepeatDecision =
  | { readonly kind: 'child-failed' }
  | { readonly kind: 'done' }
  | { readonly kind: 'max-iterations' }
  | { readonly kind: 'next'; readonly iteration: number };

export interface RepeatState {
  /** 1-based number of the iteration that just ended. */
  readonly iteration: number;
  readonly childSucceeded: boolean;
  /** The value of `until`, only looked at when the child succeeded. */
  readonly untilHolds: boolean;
  readonly maxIterations: number;
}

export function decideRepeat(state: RepeatState): RepeatDecision {
  if (!state.childSucceeded) return { kind: 'child-failed' };
  if (state.untilHolds) return { kind: 'done' };
  if (state.iteration >= state.maxIterations) return { kind: 'max-iterations' };
  return { kind: 'next', iteration: state.iteration + 1 };
}
