import type { NodeRunRecord } from '@runtime-hub/protocol';
import { useCallback, useContext, useSyncExternalStore } from 'react';
import { NodeRecordsContext } from './run-view-context';

/** One node's live record; the component re-renders only when that record changes. */
export function useNodeRecord(nodeId: string): NodeRunRecord | undefined {
  const store = useContext(NodeRecordsContext);
  const subscribe = useCallback((listener: () => void) => store.subscribe(nodeId, listener), [store, nodeId]);
  return useSyncExternalStore(subscribe, () => store.get(nodeId));
}
