import { createContext } from 'react';
import { createTickingClock, type TickingClock } from '../ui/ticking-clock';
import { createNodeRecordsStore, type NodeRecordsStore } from './node-records.store';
import { RUN_CLOCK_TICK_MS } from '../app/settings';

/** What every node of the live run view reads: the clock (running durations tick) and agent names. */
export interface RunViewContextValue {
  readonly clock: TickingClock;
  readonly agentName: (agentId: string) => string;
  readonly openHosts: (nodeId: string) => void;
}

export const RunViewContext = createContext<RunViewContextValue>({ clock: createTickingClock(RUN_CLOCK_TICK_MS), agentName: (agentId) => agentId, openHosts: () => undefined });

/** The records of the run's nodes, one subscription per node (node-records.store.ts). */
export const NodeRecordsContext = createContext<NodeRecordsStore>(createNodeRecordsStore());
