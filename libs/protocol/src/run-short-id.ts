/**
 * The short form of a run id that lists and titles show. A run started by a person or a
 * schedule has a UUID; its first 8 hex digits are enough to tell runs apart at a glance. A
 * child run (`workflow.call`, `foreach`, `repeat`) has a derived id,
 * `<32 hex of its parent run and node>-<attempt>-<iteration>`, so all children of one node
 * share their first 32 characters: their short form keeps the attempt and the iteration
 * (`3fa9c2d1-1-4`), which is what tells siblings apart.
 */

/** Hex digits of the id kept in its short form. */
export const SHORT_RUN_ID_HEX_LENGTH = 8;

const CHILD_RUN_ID = /^([0-9a-f]{32})((?:-\d+)+)$/;

export function shortRunId(runId: string): string {
  const child = CHILD_RUN_ID.exec(runId);
  if (child) return `${child[1]!.slice(0, SHORT_RUN_ID_HEX_LENGTH)}${child[2]}`;
  return runId.slice(0, SHORT_RUN_ID_HEX_LENGTH);
}

/** The iteration of a child run (0 for `workflow.call`), from its id; null for any other run. */
export function childRunIteration(runId: string): number | null {
  const child = CHILD_RUN_ID.exec(runId);
  if (!child) return null;
  return Number(child[2]!.slice(child[2]!.lastIndexOf('-') + 1));
}
