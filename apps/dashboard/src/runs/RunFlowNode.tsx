import { useStore, type Node, type NodeProps, type ReactFlowState } from '@xyflow/react';
import { memo, useContext } from 'react';
import type { NodeSpec } from '../editor/editor.types';
import { NodeCard } from '../editor/NodeCard';
import { StatusBadge } from '../ui/StatusBadge';
import { useClockWhile } from '../ui/use-now';
import { CompactRunNode } from './CompactRunNode';
import { fanOutSummary, isFanOut, NODE_STATUS_LABEL } from './node-run.presentation';
import { formatDuration, nodeDurationMs } from './run-format';
import { RunViewContext } from './run-view-context';
import { useNodeRecord } from './use-node-record';
import { RUN_NODE_DETAIL_MIN_ZOOM } from '../app/settings';
import { DECIDED_BY_COORDINATOR_LABEL, decidedByCoordinator } from '@runtime-hub/nodes';

/** The node's spec only: its live record comes from NodeRecordsContext, so this object never changes. */
export interface RunFlowNodeData extends Record<string, unknown> {
  spec: NodeSpec;
}

export type RunFlowNode = Node<RunFlowNodeData, 'run'>;

// Compact until the view has been fitted: a thousand-node run is then laid out and measured
// once, at the zoom it is shown at, instead of as full cards first.
export const showsDetail = (state: ReactFlowState) => !state.fitViewQueued && state.transform[2] >= RUN_NODE_DETAIL_MIN_ZOOM;

/**
 * A node of the live run: its card, coloured by status (running ones pulse), with why it
 * waits, how long it took or has been running, on which agent and at which attempt. A
 * fan-out node summarizes its hosts and opens the grid of them. Zoomed out, a compact block.
 */
export const RunFlowNodeView = memo(function RunFlowNodeView({ data }: NodeProps<RunFlowNode>) {
  const { clock, agentName, openHosts } = useContext(RunViewContext);
  const { spec } = data;
  const record = useNodeRecord(spec.id);
  const status = record?.status ?? 'pending';
  // Only a running node's duration moves; the others do not listen to the clock at all.
  const now = useClockWhile(clock, status === 'running');
  const detailed = useStore(showsDetail);
  const duration = record ? nodeDurationMs(record, now) : null;
  const fanOut = isFanOut(spec.target, record);
  if (!detailed) {
    const title = `${spec.id}: ${NODE_STATUS_LABEL[status]}${duration !== null ? `, ${formatDuration(duration)}` : ''}${record?.agentId ? ` on ${agentName(record.agentId)}` : record && decidedByCoordinator(record) ? `, ${DECIDED_BY_COORDINATOR_LABEL}` : ''}`;
    return <CompactRunNode spec={spec} status={status} title={title} />;
  }
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
        {record && decidedByCoordinator(record) && (
          <div className="run-node-agent" data-testid={`decided-${spec.id}`}>
            {DECIDED_BY_COORDINATOR_LABEL}
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
