import type { RunSummary } from '@runtime-hub/protocol';
import { useCallback, useEffect, useRef, useState } from 'react';
import { TRIGGER_PAGES_LIVE_MIN_INTERVAL_MS, TRIGGER_PAGES_REFRESH_MS } from '../app/settings';
import { useLive, useLiveEvent } from '../live/LiveProvider';

export interface Refreshing<T> {
  /** The last value read; kept while the next read is on its way, so the page does not blink. */
  readonly value: T | undefined;
  readonly error: unknown;
  readonly reload: () => void;
}

/**
 * Data of the schedules, batches and queue pages, kept fresh: read at once, again whenever a
 * run update that `concerns` the page arrives on `/live` (at most once per
 * TRIGGER_PAGES_LIVE_MIN_INTERVAL_MS), and every TRIGGER_PAGES_REFRESH_MS for what no run
 * update tells (a fire that started nothing). The page joins the run-list room while mounted.
 */
export function useRefreshing<T>(load: () => Promise<T>, key: string, concerns: (run: RunSummary) => boolean): Refreshing<T> {
  const [state, setState] = useState<{ value: T | undefined; error: unknown }>({ value: undefined, error: undefined });
  const loadRef = useRef(load);
  loadRef.current = load;
  const inFlight = useRef(false);
  const again = useRef(false);
  const lastLiveRead = useRef(0);
  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const reload = useCallback(() => {
    if (inFlight.current) {
      again.current = true;
      return;
    }
    inFlight.current = true;
    loadRef.current().then(
      (value) => setState({ value, error: undefined }),
      (error: unknown) => setState((current) => ({ value: current.value, error })),
    ).finally(() => {
      inFlight.current = false;
      if (again.current) {
        again.current = false;
        reload();
      }
    });
  }, []);

  useEffect(() => {
    setState({ value: undefined, error: undefined });
    reload();
    const timer = setInterval(reload, TRIGGER_PAGES_REFRESH_MS);
    return () => {
      clearInterval(timer);
      clearTimeout(pending.current);
    };
  }, [key, reload]);

  const { socket, status } = useLive();
  useEffect(() => {
    if (!socket || status !== 'connected') return;
    socket.emit('runs:subscribe', {}, () => undefined);
    reload();
    return () => {
      socket.emit('runs:unsubscribe', {}, () => undefined);
    };
  }, [socket, status, reload]);

  useLiveEvent('run:updated', (run) => {
    if (!concerns(run) || pending.current !== undefined) return;
    const wait = Math.max(0, lastLiveRead.current + TRIGGER_PAGES_LIVE_MIN_INTERVAL_MS - Date.now());
    pending.current = setTimeout(() => {
      pending.current = undefined;
      lastLiveRead.current = Date.now();
      reload();
    }, wait);
  });

  return { ...state, reload };
}
