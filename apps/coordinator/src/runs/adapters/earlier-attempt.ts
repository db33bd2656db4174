import type { NewNodeRunRow } from '@runtime-hub/db';

/** What a node's earlier attempt left in its row: cleared whenever a new attempt is queued, started or reset. */
export const EARLIER_ATTEMPT_CLEARED = {
  waitingReason: null,
  startedAt: null,
  finishedAt: null,
  durationMs: null,
  error: null,
  output: null,
  port: null,
} as const satisfies Partial<NewNodeRunRow>;
