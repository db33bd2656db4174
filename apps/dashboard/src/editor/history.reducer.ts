import { HISTORY_LIMIT } from '../app/settings';

/**
 * Undo/redo over immutable snapshots. Every edit commits a new present and pushes the old
 * one onto `past`; undo and redo move one step between `past`, `present` and `future`. Pure:
 * the editor keeps this in a `useReducer`.
 *
 * - `commit` with a `coalesceKey` equal to the previous commit's replaces the present
 *   instead of pushing it, so typing a word into one field is one undo step, not one per key.
 * - `replace` changes the present without recording a step: what is not an edit but must be
 *   kept with the document (React Flow's measured node sizes, a drag still in progress).
 * - `checkpoint` ends coalescing (a field lost focus): the next commit is a new step even
 *   with the same key.
 * - A commit that returns the same present (by reference) records nothing.
 */

export interface History<T> {
  readonly past: readonly T[];
  readonly present: T;
  readonly future: readonly T[];
  /** The coalesce key of the last commit; cleared by any other action. */
  readonly lastCoalesceKey: string | undefined;
}

export type HistoryAction<T> =
  | { readonly type: 'commit'; readonly update: (present: T) => T; readonly coalesceKey?: string }
  | { readonly type: 'replace'; readonly update: (present: T) => T }
  | { readonly type: 'checkpoint' }
  | { readonly type: 'undo' }
  | { readonly type: 'redo' }
  | { readonly type: 'reset'; readonly present: T };

export function initialHistory<T>(present: T): History<T> {
  return { past: [], present, future: [], lastCoalesceKey: undefined };
}

export function historyReducer<T>(state: History<T>, action: HistoryAction<T>): History<T> {
  switch (action.type) {
    case 'commit': {
      const next = action.update(state.present);
      if (next === state.present) return state;
      const coalesce = action.coalesceKey !== undefined && action.coalesceKey === state.lastCoalesceKey && state.past.length > 0;
      return {
        past: coalesce ? state.past : [...state.past, state.present].slice(-HISTORY_LIMIT),
        present: next,
        future: [],
        lastCoalesceKey: action.coalesceKey,
      };
    }
    case 'replace': {
      const next = action.update(state.present);
      return next === state.present ? state : { ...state, present: next };
    }
    case 'checkpoint':
      return state.lastCoalesceKey === undefined ? state : { ...state, lastCoalesceKey: undefined };
    case 'undo': {
      const previous = state.past[state.past.length - 1];
      if (previous === undefined) return state;
      return { past: state.past.slice(0, -1), present: previous, future: [state.present, ...state.future], lastCoalesceKey: undefined };
    }
    case 'redo': {
      const [next, ...rest] = state.future;
      if (next === undefined) return state;
      return { past: [...state.past, state.present].slice(-HISTORY_LIMIT), present: next, future: rest, lastCoalesceKey: undefined };
    }
    case 'reset':
      return initialHistory(action.present);
  }
}

export function canUndo<T>(state: History<T>): boolean {
  return state.past.length > 0;
}

export function canRedo<T>(state: History<T>): boolean {
  return state.future.length > 0;
}
