import type { RunSummary } from '@runtime-hub/protocol';

/**
 * Child runs (started by a parent's `workflow.call`, `foreach` or `repeat` node) as the run
 * views show them. A child's id is `<hash of parent and node>-<attempt>-<index>` (the
 * coordinator's child-run-id.ts): every child of one node shares its first characters, so
 * its short id keeps the attempt and iteration that tell it apart. Pure.
 */

const CHILD_ID_SUFFIX = /-(\d+)-(\d+)$/;
/** Characters of a run id shown where the whole id does not fit. */
export const SHORT_ID_LENGTH = 8;

export interface ChildIteration {
  /** The attempt of the parent's node that started it. */
  readonly attempt: number;
  /** Its iteration, from 0 (`workflow.call` has only 0). */
  readonly index: number;
}

export function childIteration(run: Pick<RunSummary, 'id' | 'parentRunId'>): ChildIteration | null {
  if (run.parentRunId === null) return null;
  const match = CHILD_ID_SUFFIX.exec(run.id);
  return match ? { attempt: Number(match[1]), index: Number(match[2]) } : null;
}

/** `3f2a9c1b` for a run; `3f2a9c1b-1-4` for a child, distinct among its siblings. */
export function shortRunId(run: Pick<RunSummary, 'id' | 'parentRunId'>): string {
  const iteration = childIteration(run);
  const head = run.id.slice(0, SHORT_ID_LENGTH);
  return iteration ? `${head}-${iteration.attempt}-${iteration.index}` : head;
}

/** Children in the order a person reads them: by parent node, then attempt, then iteration. */
export function sortChildRuns(children: readonly RunSummary[]): RunSummary[] {
  const key = (run: RunSummary) => childIteration(run) ?? { attempt: 0, index: 0 };
  return [...children].sort(
    (a, b) => (a.parentNodeId ?? '').localeCompare(b.parentNodeId ?? '') || key(a).attempt - key(b).attempt || key(a).index - key(b).index || a.id.localeCompare(b.id),
  );
}

/** The children after a `run:updated`: a child of `parentRunId` is added or replaced; any other run is ignored. */
export function mergeChildRun(children: readonly RunSummary[], run: RunSummary, parentRunId: string): readonly RunSummary[] {
  if (run.parentRunId !== parentRunId) return children;
  return sortChildRuns([...children.filter((child) => child.id !== run.id), run]);
}
