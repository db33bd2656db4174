import type { NodeRunRecord } from '@runtime-hub/protocol';

/**
 * The node records of the live run, readable one node at a time. A live update changes a
 * few nodes of a run that may have a thousand: each node view subscribes to its own record
 * and re-renders only when that record changed, while the graph's node objects stay the same
 * (React Flow keeps their measured size and does no work for them).
 */
export interface NodeRecordsStore {
  get(nodeId: string): NodeRunRecord | undefined;
  subscribe(nodeId: string, listener: () => void): () => void;
  /** Replaces the records and tells the listeners of every node whose record is another object. */
  update(records: ReadonlyMap<string, NodeRunRecord>): void;
}

export function createNodeRecordsStore(): NodeRecordsStore {
  let current: ReadonlyMap<string, NodeRunRecord> = new Map();
  const listeners = new Map<string, Set<() => void>>();
  return {
    get: (nodeId) => current.get(nodeId),
    subscribe(nodeId, listener) {
      const forNode = listeners.get(nodeId) ?? new Set();
      listeners.set(nodeId, forNode);
      forNode.add(listener);
      return () => {
        forNode.delete(listener);
        if (forNode.size === 0) listeners.delete(nodeId);
      };
    },
    update(records) {
      const previous = current;
      current = records;
      for (const [nodeId, forNode] of listeners) {
        if (previous.get(nodeId) !== records.get(nodeId)) for (const listener of [...forNode]) listener();
      }
    },
  };
}
