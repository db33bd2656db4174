import type { NodeRunRecord, RunLogRecord, RunRecord, RunSummary } from '@runtime-hub/protocol';
import { LIVE_LOG_LINES_KEPT } from '../app/settings';

/**
 * The live view of one run, fed by `/live`: a snapshot replaces everything (after every
 * (re)connect, so the view is never a stale picture), then run, node and log updates apply
 * on top of it in the order they came. Updates arrive in batches, one per animation frame.
 */

export interface RunLiveState {
  readonly run: RunRecord | null;
  /** Log lines in recording order (by id), without duplicates. */
  readonly logs: readonly RunLogRecord[];
}

export type RunLiveEvent =
  | { readonly type: 'snapshot'; readonly run: RunRecord }
  | { readonly type: 'run'; readonly summary: RunSummary }
  | { readonly type: 'node'; readonly node: NodeRunRecord }
  | { readonly type: 'logs'; readonly logs: readonly RunLogRecord[] };

export const EMPTY_RUN_LIVE_STATE: RunLiveState = { run: null, logs: [] };

export function applyLiveEvents(state: RunLiveState, events: readonly RunLiveEvent[]): RunLiveState {
  return events.reduce(applyLiveEvent, state);
}

export function applyLiveEvent(state: RunLiveState, event: RunLiveEvent): RunLiveState {
  switch (event.type) {
    case 'snapshot':
      return { ...state, run: event.run };
    case 'run': {
      const { run } = state;
      if (!run || run.id !== event.summary.id) return state;
      return { ...state, run: { ...run, ...event.summary, nodes: run.nodes } };
    }
    case 'node': {
      const { run } = state;
      if (!run || run.id !== event.node.runId) return state;
      const index = run.nodes.findIndex((node) => node.nodeId === event.node.nodeId);
      const nodes = index === -1 ? [...run.nodes, event.node] : run.nodes.map((node, at) => (at === index ? event.node : node));
      return { ...state, run: { ...run, nodes } };
    }
    case 'logs':
      return { ...state, logs: mergeLogs(state.logs, event.logs) };
  }
}

/** Adds lines, keeping id order and dropping lines already held and the oldest beyond the cap. */
export function mergeLogs(held: readonly RunLogRecord[], incoming: readonly RunLogRecord[]): readonly RunLogRecord[] {
  if (incoming.length === 0) return held;
  const last = held[held.length - 1];
  const appendOnly = last === undefined || incoming.every((line, index) => line.id > (index === 0 ? last.id : incoming[index - 1]!.id));
  let merged: RunLogRecord[];
  if (appendOnly) {
    merged = [...held, ...incoming];
  } else {
    const byId = new Map<number, RunLogRecord>();
    for (const line of held) byId.set(line.id, line);
    for (const line of incoming) byId.set(line.id, line);
    merged = [...byId.values()].sort((a, b) => a.id - b.id);
  }
  return merged.length > LIVE_LOG_LINES_KEPT ? merged.slice(-LIVE_LOG_LINES_KEPT) : merged;
}

/** The id of the newest line held: where a reconnect's backfill starts. */
export function lastLogId(state: RunLiveState): number {
  return state.logs[state.logs.length - 1]?.id ?? 0;
}
