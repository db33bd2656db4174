import { TERMINAL_RUN_STATUSES, type NodeTaskStatus, type RunError } from '@runtime-hub/protocol';
import type { TaskKey } from '../../../dispatch/dispatch.ports';
import { runError } from '../run-errors';
import { decided, ignored } from './decision';
import type { Decision, Effect, EngineContext, RunSnapshot, SnapshotRun } from './engine.types';

/**
 * A cancel (README "Cancel", step 1): the run is `cancelled` at once (finished_at, error
 * CANCELLED with the reason); every node and task that has not finished is `cancelled`
 * (`close-open`: a queued task's job is removed, a running one's agent told to stop, see
 * closedTaskEffects); every unfinished child run is cancelled in turn; a parent is told its
 * child ended. A finished run is left as it is.
 */
export function decideCancel(event: { reason: string; cancelledBy?: string | undefined; unfinishedChildren: readonly string[] }, snapshot: RunSnapshot, context: EngineContext): Decision {
  const extra = event.cancelledBy !== undefined ? { cancelledBy: event.cancelledBy } : {};
  return endRun(snapshot.run, 'cancelled', runError('CANCELLED', event.reason), event.unfinishedChildren, context.now, extra);
}

/** A run whose handling keeps taking the coordinator down ends `failed` with `error`, stopping everything in it as a cancel does. */
export function decideQuarantine(event: { error: RunError; unfinishedChildren: readonly string[] }, snapshot: RunSnapshot, context: EngineContext): Decision {
  return endRun(snapshot.run, 'failed', event.error, event.unfinishedChildren, context.now, {});
}

function endRun(run: SnapshotRun, status: 'cancelled' | 'failed', error: RunError, children: readonly string[], now: Date, extra: { cancelledBy?: string }): Decision {
  if (TERMINAL_RUN_STATUSES.includes(run.status)) return ignored(`run ${run.id} is ${run.status}`);
  const effects: Effect[] = [
    ...children.map((childId): Effect => ({ kind: 'follow-up', work: { kind: 'cancel', runId: childId, reason: `parent run ${run.id} was cancelled` } })),
    { kind: 'run-changed' },
    { kind: 'run-reached', status },
    ...parentNotified(run),
  ];
  return decided(
    [
      { kind: 'run', set: { ...extra, status, finishedAt: now, cancelRequestedAt: now, error } },
      { kind: 'close-open', at: now, error },
    ],
    effects,
  );
}

/** What closing an open task asks for after the commit: its job removed when it never started, its agent told to stop when it runs. */
export function closedTaskEffects(before: NodeTaskStatus, key: TaskKey): Effect[] {
  if (before === 'queued') return [{ kind: 'remove-job', key }];
  if (before === 'running') return [{ kind: 'stop', key }];
  return [];
}

/** A child run that finished hands control back to the node that started it. */
export function parentNotified(run: Pick<SnapshotRun, 'parentRunId' | 'parentNodeId'>): Effect[] {
  return run.parentRunId && run.parentNodeId ? [{ kind: 'follow-up', work: { kind: 'sync-children', runId: run.parentRunId, nodeId: run.parentNodeId } }] : [];
}
