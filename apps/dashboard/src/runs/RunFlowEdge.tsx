import { BaseEdge, getBezierPath, type Edge, type EdgeProps } from '@xyflow/react';
import { memo } from 'react';
import { edgeRunState } from './node-run.presentation';
import { useNodeRecord } from './use-node-record';

export interface RunFlowEdgeData extends Record<string, unknown> {
  /** The source port the edge leaves from; none for the default output. */
  port?: string;
}

export type RunFlowEdge = Edge<RunFlowEdgeData, 'run'>;

/**
 * An edge of the live run, drawn like the editor's and coloured by its state. It reads its
 * ends' records itself, so the graph's edge objects never change during a run: React Flow
 * then does no work for edges, and a node update re-draws only the edges of that node.
 */
export const RunFlowEdgeView = memo(function RunFlowEdgeView(props: EdgeProps<RunFlowEdge>) {
  const { source, target, data, markerEnd } = props;
  const port = data?.port;
  const sourceRecord = useNodeRecord(source);
  const targetRecord = useNodeRecord(target);
  const state = edgeRunState(port, sourceRecord);
  const animated = state === 'taken' && targetRecord?.status === 'running';
  const [path, labelX, labelY] = getBezierPath(props);
  return (
    <BaseEdge
      path={path}
      markerEnd={markerEnd}
      className={`run-edge-${state}${animated ? ' run-edge-animated' : ''}`}
      {...(port ? { label: port, labelX, labelY } : {})}
    />
  );
});
