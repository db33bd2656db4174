import { Background, Controls, MarkerType, ReactFlow, type Edge } from '@xyflow/react';
import type { NodeRunRecord, WorkflowDefinition } from '@runtime-hub/protocol';
import { useMemo } from 'react';
import { definitionToEditor } from '../editor/editor-graph.mapping';
import { RunFlowNodeView, type RunFlowNode } from './RunFlowNode';

const NODE_TYPES = { run: RunFlowNodeView };
const EDGE_MARKER = { type: MarkerType.ArrowClosed, width: 18, height: 18 };

/**
 * The run's workflow version drawn as in the editor, each node showing its live state. An
 * edge is drawn as taken once its source has fired the edge's port, and as dead once the
 * source settled another way.
 */
export function RunGraph({ definition, nodes, onSelect }: { definition: WorkflowDefinition; nodes: readonly NodeRunRecord[]; onSelect: (nodeId: string | null) => void }) {
  const layout = useMemo(() => definitionToEditor(definition), [definition]);
  const records = useMemo(() => new Map(nodes.map((node) => [node.nodeId, node])), [nodes]);

  const flowNodes = useMemo(
    () => layout.nodes.map((node): RunFlowNode => ({ id: node.id, type: 'run', position: node.position, data: { spec: node.data.spec, record: records.get(node.id) } })),
    [layout, records],
  );
  const flowEdges = useMemo(
    () =>
      layout.edges.map((edge): Edge => {
        const source = records.get(edge.source);
        const target = records.get(edge.target);
        const port = edge.data?.port;
        const settled = source && ['succeeded', 'failed', 'skipped', 'cancelled'].includes(source.status);
        const taken = source !== undefined && (port === 'error' ? source.status === 'failed' : source.status === 'succeeded' && (port === undefined || source.port === port));
        const state = taken ? 'edge-taken' : settled ? 'edge-dead' : 'edge-pending';
        return { ...edge, className: state, animated: taken && target?.status === 'running', markerEnd: EDGE_MARKER, ...(port ? { label: port } : {}), selectable: false };
      }),
    [layout, records],
  );

  return (
    <div className="canvas run-canvas" data-testid="run-graph">
      <ReactFlow
        nodes={flowNodes}
        edges={flowEdges}
        nodeTypes={NODE_TYPES}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable
        onNodeClick={(_event, node) => onSelect(node.id)}
        onPaneClick={() => onSelect(null)}
        fitView
        fitViewOptions={{ maxZoom: 1 }}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} size={1} />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
