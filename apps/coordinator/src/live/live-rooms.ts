/** Rooms of the `/live` namespace. */

/** Everything about one run: its summary, node updates, log lines, progress. */
export function runRoom(runId: string): string {
  return `run:${runId}`;
}

/** The run list: every run's summary updates. */
export const RUNS_ROOM = 'runs';

/** The run list of one workflow. */
export function workflowRunsRoom(workflowId: string): string {
  return `runs:workflow:${workflowId}`;
}

/** The agent list. */
export const AGENTS_ROOM = 'agents';
