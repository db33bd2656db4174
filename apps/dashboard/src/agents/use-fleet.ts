import type { AgentRecord } from '@runtime-hub/protocol';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { agentsApi } from '../api/agents.api';
import { LIVE_UPDATE_MIN_INTERVAL_MS } from '../app/settings';
import { createFrameBatcher } from '../live/frame-batcher';
import { useLive, useLiveEvent, useOnLiveConnect } from '../live/LiveProvider';
import { mergeAgentUpdates, sortAgents } from './agent-list';

export interface Fleet {
  /** Every enrolled agent, online first; null until the first read. */
  readonly agents: readonly AgentRecord[] | null;
  readonly error: unknown;
  readonly reload: () => void;
}

/**
 * Every enrolled agent, kept current: on each (re)connect the page joins the agents room,
 * then reads the list (an update in between is not lost); `agent:updated` (an agent came,
 * went, runs more or fewer tasks, heartbeated) is applied in batches, at most one per
 * animation frame and LIVE_UPDATE_MIN_INTERVAL_MS apart.
 */
export function useFleet(): Fleet {
  const [agents, setAgents] = useState<readonly AgentRecord[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { socket } = useLive();
  const batcher = useMemo(
    () => createFrameBatcher<AgentRecord>((updates) => setAgents((current) => mergeAgentUpdates(current, updates)), { minIntervalMs: LIVE_UPDATE_MIN_INTERVAL_MS }),
    [],
  );
  useEffect(() => () => batcher.close(), [batcher]);

  const reload = useCallback(() => {
    agentsApi.list().then(
      (list) => {
        batcher.flush();
        setAgents(sortAgents(list));
        setError(null);
      },
      (failure: unknown) => setError(failure),
    );
  }, [batcher]);

  useOnLiveConnect((connected) => {
    connected.emit('agents:subscribe', {}, () => undefined);
    reload();
  });
  useLiveEvent('agent:updated', (agent) => batcher.push(agent));
  // Leaving the page leaves the room; the connection stays for the other pages.
  useEffect(() => () => void socket?.emit('agents:unsubscribe', {}, () => undefined), [socket]);

  return { agents, error, reload };
}
