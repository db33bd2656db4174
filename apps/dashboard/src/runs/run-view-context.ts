import { createContext } from 'react';
import { createNodeRecordsStore, type NodeRecordsStore } from './node-records.store';

/** What every node of the live run view reads: the clock (running durations tick) and agent names. */
export interface RunViewContextValue {
  readonly now: number;
  readonly agentName: (agentId: string) => string;
  readonly openHosts: (nodeId: string) => void;
}

export const RunViewContext = createContext<RunViewContextValue>({ now: 0, agentName: (agentId) => agentId, openHosts: () => undefined });

/** The records of the run's nodes, one subscription per node (node-records.store.ts). */
export const NodeRecordsContext = createContext<NodeRecordsStore>(createNodeRecordsStore());
