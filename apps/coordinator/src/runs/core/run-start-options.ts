import { createHash } from 'node:crypto';
import type { Target } from '@runtime-hub/protocol';

/**
 * What a schedule, a batch, a webhook or an API caller says about a run it starts, besides the request
 * (`RunEngine.start(request, trigger, options)`).
 */
export interface RunStartOptions {
  /**
   * The run's id, derived from what asked for it (`derivedRunId`): a start with an id that
   * exists already answers that run and changes nothing, so a fire or an item handled twice
   * (a crash, a redelivered job) starts one run.
   */
  readonly runId?: string;
  /** The schedule, batch or hook; stored as the run's `trigger_id`. */
  readonly triggerId?: string;
  /** When the request names none; default RUN_PRIORITY_DEFAULT. */
  readonly priority?: number;
  /**
   * Replaces every agent node's target for this run: `{ labels }` keeps a node's fan-out
   * (`each`, `minSuccess`) with these labels; `{ agent }` holds every node to that agent.
   */
  readonly targetOverride?: Target;
  /** At most one run with this key is admitted at a time; the others wait queued (admission). */
  readonly concurrencyKey?: string;
  /** Who asked for the run through the API (a person's email or a token's name); stored as `started_by`. */
  readonly startedBy?: string;
}

/** Hex characters of the hash a derived id is made from: 128 bits, as a UUID. */
const DERIVED_ID_HEX_LENGTH = 32;

/**
 * A UUID-shaped id that is a function of `parts` (SHA-256), so the same fire or batch item
 * always names the same run, and run lists still tell runs apart by their first characters.
 */
export function derivedRunId(...parts: ReadonlyArray<string | number>): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, DERIVED_ID_HEX_LENGTH);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
