import type { Node, NodeProps } from '@xyflow/react';
import type { NodeRunRecord } from '@runtime-hub/protocol';
import { memo, useCallback, useContext, useSyncExternalStore } from 'react';
import type { NodeSpec } from '../editor/editor.types';
import { NodeCard } from '../editor/NodeCard';
import { StatusBadge } from '../ui/StatusBadge';
import { fanOutSummary, isFanOut } from './node-run.presentation';
import { formatDuration, nodeDurationMs } from './run-format';
import { NodeRecordsContext, RunViewContext } from './run-view-context';

/** The node's spec only: its live record comes from NodeRecordsContext, so this object never changes. */
export interface RunFlowNodeData extends Record<string, unknown> {
  spec: NodeSpec;
}

export type RunFlowNode = Node<RunFlowNodeData, 'run'>;

/**
 * A node of the live run: its card, coloured by status (running ones pulse), with why it
 * waits, how long it took or has been running, on which agent and at which attempt. A
 * fan-out node summarizes its hosts and opens the grid of them.
 */
export const RunFlowNodeView = memo(function RunFlowNodeView({ data }: NodeProps<RunFlowNode>) {
  const { now, agentName, openHosts } = useContext(RunViewContext);
  const { spec } = data;
  const record = useNodeRecord(spec.id);
  const status = record?.status ?? 'pending';
  const duration = record ? nodeDurationMs(record, now) : null;
  const fanOut = isFanOut(spec.target, record);
  return (
    <NodeCard spec={spec} connectable={false} className={`run-node node-status-${status}`}>
      <div className="run-node-state" data-testid={`state-${spec.id}`} data-status={status}>
        <div className="run-node-state-line">
          <StatusBadge status={status} />
          {duration !== null && <span className="run-node-duration">{formatDuration(duration)}</span>}
        </div>
        {status === 'waiting' && record?.waitingReason && <div className="run-node-reason">{record.waitingReason}</div>}
        {!fanOut && record?.agentId && (
          <div className="run-node-agent" title={record.agentId}>
            on {agentName(record.agentId)}
            {record.attempt > 1 && <span className="run-node-attempt"> · attempt {record.attempt}</span>}
          </div>
        )}
        {fanOut && record && (
          <button type="button" className="run-node-hosts nodrag" onClick={() => openHosts(spec.id)}>
            {record.tasks.length > 0 ? fanOutSummary(record.tasks) : 'no hosts yet'} ▸
          </button>
        )}
        {status === 'failed' && record?.error && <div className="run-node-error">{record.error.message}</div>}
      </div>
    </NodeCard>
  );
});

function useNodeRecord(nodeId: string): NodeRunRecord | undefined {
  const store = useContext(NodeRecordsContext);
  const subscribe = useCallback((listener: () => void) => store.subscribe(nodeId, listener), [store, nodeId]);
  return useSyncExternalStore(subscribe, () => store.get(nodeId));
}
