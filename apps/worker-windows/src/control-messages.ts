import type { AgentSessionClientToServerEvents, TaskClaim, TaskClaimAck } from '@runtime-hub/protocol';

/**
 * `task:claim` as the worker uses it: before executing a task the worker asks the
 * coordinator whether this attempt is still wanted (libs/protocol agent-session.schema.ts).
 * The answer comes from Postgres (queued -> running, only for the current attempt of a run
 * that is not cancelled), which fences off superseded attempts: a worker that was partitioned
 * away never runs work the run has moved past.
 */

export type { TaskClaim };

/** What the worker sends on `/agents`. */
export type WorkerToCoordinatorEvents = AgentSessionClientToServerEvents;

/** The outcome of a claim as the task runner sees it. */
export type ClaimOutcome =
  | { readonly kind: 'claimed' }
  /** The coordinator moved on (cancelled run, newer attempt): do not run it. */
  | { readonly kind: 'refused'; readonly reason: string }
  /** No answer (channel down, ack timeout): hand the task back and try later. */
  | { readonly kind: 'unreachable'; readonly reason: string };

export function claimOutcomeOf(ack: TaskClaimAck): ClaimOutcome {
  return ack.ok ? { kind: 'claimed' } : { kind: 'refused', reason: ack.reason };
}
