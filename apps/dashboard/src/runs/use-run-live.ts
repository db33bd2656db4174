import type { RunLogRecord, RunRecord } from '@runtime-hub/protocol';
import { useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { runsApi } from '../api/runs.api';
import { createFrameBatcher } from '../live/frame-batcher';
import { useLive, useLiveEvent, useOnLiveConnect } from '../live/LiveProvider';
import { applyLiveEvents, EMPTY_RUN_LIVE_STATE, lastLogId, type RunLiveEvent, type RunLiveState } from './run-live.reducer';
import { LIVE_LOG_LINES_KEPT, LIVE_UPDATE_MIN_INTERVAL_MS, LOG_BACKFILL_PAGE_SIZE, SNAPSHOT_WAIT_MS } from '../app/settings';

/**
 * The live state of one run. On every (re)connect: join the run's room, take the snapshot
 * the coordinator sends as the whole new state, and fetch the log lines recorded since the
 * last one held. Socket events are applied in batches, at most one per animation frame and
 * LIVE_UPDATE_MIN_INTERVAL_MS apart.
 */
export function useRunLive(runId: string): { state: RunLiveState; error: unknown } {
  const [state, apply] = useReducer((current: RunLiveState, events: readonly RunLiveEvent[]) => applyLiveEvents(current, events), EMPTY_RUN_LIVE_STATE);
  const [error, setError] = useState<unknown>(null);
  const { socket } = useLive();
  const stateRef = useRef(state);
  const snapshotSeen = useRef(0);
  useEffect(() => {
    stateRef.current = state;
  });

  const batcher = useMemo(() => createFrameBatcher<RunLiveEvent>((events) => apply(events), { minIntervalMs: LIVE_UPDATE_MIN_INTERVAL_MS }), []);
  useEffect(() => () => batcher.close(), [batcher]);

  useLiveEvent('run:snapshot', (run: RunRecord) => {
    if (run.id !== runId) return;
    snapshotSeen.current += 1;
    batcher.push({ type: 'snapshot', run });
  });
  useLiveEvent('run:updated', (summary) => summary.id === runId && batcher.push({ type: 'run', summary }));
  useLiveEvent('node:updated', (node) => node.runId === runId && batcher.push({ type: 'node', node }));
  useLiveEvent('run:log', (log: RunLogRecord) => log.runId === runId && batcher.push({ type: 'logs', logs: [log] }));

  useOnLiveConnect((socket) => {
    const seenBefore = snapshotSeen.current;
    socket.emit('run:subscribe', { runId }, () => undefined);
    window.setTimeout(() => {
      if (snapshotSeen.current !== seenBefore) return;
      runsApi.get(runId).then(
        (run) => {
          setError(null);
          batcher.push({ type: 'snapshot', run });
        },
        (failure: unknown) => setError(failure),
      );
    }, SNAPSHOT_WAIT_MS);
    void backfillLogs(runId, lastLogId(stateRef.current), (logs) => batcher.push({ type: 'logs', logs }));
  });

  // Leaving the page leaves the run's room; the connection stays for the other pages.
  useEffect(() => () => void socket?.emit('run:unsubscribe', { runId }, () => undefined), [socket, runId]);

  return { state, error: state.run ? null : error };
}

/** Reads the lines recorded after `after`, page by page, up to what the view keeps. */
async function backfillLogs(runId: string, after: number, deliver: (logs: RunLogRecord[]) => void): Promise<void> {
  let cursor = after;
  for (let fetched = 0; fetched < LIVE_LOG_LINES_KEPT; ) {
    const page = await runsApi.logs(runId, cursor, LOG_BACKFILL_PAGE_SIZE).catch(() => null);
    if (!page || page.items.length === 0) return;
    deliver(page.items);
    fetched += page.items.length;
    const next = page.nextCursor === null ? null : Number(page.nextCursor);
    if (next === null || !Number.isFinite(next)) return;
    cursor = next;
  }
}
