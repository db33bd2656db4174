import type { RunSummary } from '@runtime-hub/protocol';
import { useEffect, useState } from 'react';
import { runsApi } from '../api/runs.api';
import { CHILD_RUNS_SHOWN } from '../app/settings';
import { useLive, useLiveEvent } from '../live/LiveProvider';
import { mergeChildRun, sortChildRuns } from './child-runs';

export interface ChildRuns {
  readonly children: readonly RunSummary[];
  /** More children exist than are listed. */
  readonly more: boolean;
}

/**
 * The child runs of a run, live. Children belong to their parent's workflow, so the view
 * joins that workflow's runs room and keeps the `run:updated` of its own children; the list
 * is read again on every (re)connect, after joining (an update in between is not lost).
 */
export function useChildRuns(runId: string, workflowId: string | null): ChildRuns {
  const [state, setState] = useState<ChildRuns>({ children: [], more: false });
  const { socket, status } = useLive();

  useEffect(() => {
    if (!socket || status !== 'connected' || workflowId === null) return;
    let current = true;
    socket.emit('runs:subscribe', { workflowId }, () => undefined);
    runsApi.list({ parentRunId: runId }, null, CHILD_RUNS_SHOWN).then(
      (page) => current && setState({ children: sortChildRuns(page.items), more: page.nextCursor !== null }),
      () => undefined,
    );
    return () => {
      current = false;
      socket.emit('runs:unsubscribe', { workflowId }, () => undefined);
    };
  }, [socket, status, runId, workflowId]);
  useLiveEvent('run:updated', (run) => setState((current) => ({ ...current, children: mergeChildRun(current.children, run, runId) })));
  return state;
}
