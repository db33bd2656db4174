import type { RunSummary } from '@runtime-hub/protocol';
import type { BenchHub } from '../hub/bench.hub';

/** One run of a single `set` node finishes within this even with thousands queued before it. */
export const ONE_NODE_RUN_TIMEOUT_MS = 120_000;

export interface RunLoopResult {
  /** Every run, in the order they finished. */
  readonly summaries: RunSummary[];
  /** From the first POST to the last run seen finished. */
  readonly wallMs: number;
}

/**
 * Runs `count` runs of one workflow in a closed loop: `inFlight` runs are kept going, each
 * finished run starting the next, as a fleet of callers with their own work would. A fixed
 * number in flight keeps the system saturated while latency stays a property of the
 * system, not of a queue the bench built up itself. `onFinished` sees each run as it ends.
 */
export async function runLoop(
  hub: BenchHub,
  workflowId: string,
  count: number,
  inFlight: number,
  onFinished?: (finished: number, summary: RunSummary) => Promise<void> | void,
): Promise<RunLoopResult> {
  const summaries: RunSummary[] = [];
  let started = 0;
  const begin = performance.now();
  const lane = async (): Promise<void> => {
    while (started < count) {
      started += 1;
      const { summary } = await hub.runToEnd(workflowId, ONE_NODE_RUN_TIMEOUT_MS);
      summaries.push(summary);
      await onFinished?.(summaries.length, summary);
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, lane));
  return { summaries, wallMs: performance.now() - begin };
}

/** Accepted (the run row written) to finished, by the coordinator's clock. */
export function acceptedToFinishedMs(summary: RunSummary): number {
  return Date.parse(summary.finishedAt ?? summary.createdAt) - Date.parse(summary.createdAt);
}
