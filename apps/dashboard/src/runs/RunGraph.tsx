import { Background, Controls, MarkerType, ReactFlow, type Edge } from '@xyflow/react';
import type { NodeRunRecord, WorkflowDefinition } from '@runtime-hub/protocol';
import { useLayoutEffect, useMemo, useRef } from 'react';
import { definitionToEditor } from '../editor/editor-graph.mapping';
import { createNodeRecordsStore } from './node-records.store';
import { RunFlowNodeView, type RunFlowNode } from './RunFlowNode';
import { NodeRecordsContext } from './run-view-context';

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

  // A live update changes a few nodes of a run that may have a thousand. The node objects are
  // made once per layout and each node view reads its own record from the store, so only the
  // nodes that changed re-render; edges whose state did not change keep their object too.
  const recordsStore = useMemo(() => createNodeRecordsStore(), []);
  useLayoutEffect(() => recordsStore.update(records), [recordsStore, records]);
  const edgeCache = useRef(new Map<string, Edge>());

  const flowNodes = useMemo(
    () => layout.nodes.map((node): RunFlowNode => ({ id: node.id, type: 'run', position: node.position, data: { spec: node.data.spec } })),
    [layout],
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
        const animated = taken && target?.status === 'running';
        const held = edgeCache.current.get(edge.id);
        if (held && held.className === state && held.animated === animated && held.source === edge.source && held.target === edge.target) return held;
        const fresh: Edge = { ...edge, className: state, animated, markerEnd: EDGE_MARKER, ...(port ? { label: port } : {}), selectable: false };
        edgeCache.current.set(edge.id, fresh);
        return fresh;
      }),
    [layout, records],
  );

  return (
    <NodeRecordsContext.Provider value={recordsStore}>
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
    </NodeRecordsContext.Provider>
  );
}
