import { Background, Controls, MarkerType, ReactFlow, type NodeMouseHandler } from '@xyflow/react';
import type { NodeRunRecord, WorkflowDefinition } from '@runtime-hub/protocol';
import { memo, useCallback, useLayoutEffect, useMemo, useRef } from 'react';
import { LAYOUT_LAYER_GAP_X } from '../editor/auto-layout';
import { definitionToEditor } from '../editor/editor-graph.mapping';
import { createNodeRecordsStore } from './node-records.store';
import { RunFlowEdgeView, type RunFlowEdge } from './RunFlowEdge';
import { RunFlowNodeView, type RunFlowNode } from './RunFlowNode';
import { NodeRecordsContext } from './run-view-context';
import { StayFitted } from './StayFitted';

const NODE_TYPES = { run: RunFlowNodeView };
const EDGE_TYPES = { run: RunFlowEdgeView };
const EDGE_MARKER = { type: MarkerType.ArrowClosed, width: 18, height: 18 };
/**
 * How far the view may zoom out: far enough that fitting a fan-out of a thousand nodes
 * shows them all, as a field of status colours to zoom into.
 */
const RUN_VIEW_MIN_ZOOM = 0.05;
/** A run card is taller than the editor's (its state is under the ports): rows of a laid-out layer stand further apart. */
const RUN_LAYOUT_ROW_GAP_Y = 230;
const RUN_LAYOUT_SPACING = { layerGapX: LAYOUT_LAYER_GAP_X, rowGapY: RUN_LAYOUT_ROW_GAP_Y };
const FIT_VIEW_OPTIONS = { maxZoom: 1, minZoom: RUN_VIEW_MIN_ZOOM };

/**
 * The run's workflow version drawn as in the editor, each node and edge showing its live
 * state. The nodes and edges handed to React Flow are made once per version: every node and
 * edge view reads the records it shows from a store (node-records.store.ts), so a live
 * update re-renders only the nodes that changed and their edges, and React Flow itself does
 * no work for it.
 */
export function RunGraph({ definition, nodes, onSelect }: { definition: WorkflowDefinition; nodes: readonly NodeRunRecord[]; onSelect: (nodeId: string | null) => void }) {
  const recordsStore = useMemo(() => createNodeRecordsStore(), []);
  useLayoutEffect(() => recordsStore.update(new Map(nodes.map((node) => [node.nodeId, node]))), [recordsStore, nodes]);
  return (
    <NodeRecordsContext.Provider value={recordsStore}>
      <RunCanvas definition={definition} onSelect={onSelect} />
    </NodeRecordsContext.Provider>
  );
}

const RunCanvas = memo(function RunCanvas({ definition, onSelect }: { definition: WorkflowDefinition; onSelect: (nodeId: string | null) => void }) {
  const { flowNodes, flowEdges } = useMemo(() => {
    const layout = definitionToEditor(definition, RUN_LAYOUT_SPACING);
    return {
      flowNodes: layout.nodes.map((node): RunFlowNode => ({ id: node.id, type: 'run', position: node.position, data: { spec: node.data.spec } })),
      flowEdges: layout.edges.map(
        (edge): RunFlowEdge => ({
          ...edge,
          type: 'run',
          data: edge.data?.port !== undefined ? { port: edge.data.port } : {},
          markerEnd: EDGE_MARKER,
          selectable: false,
        }),
      ),
    };
  }, [definition]);
  // Stable handlers: a new function would be a new prop for every one of React Flow's node wrappers.
  const selectNode = useCallback<NodeMouseHandler<RunFlowNode>>((_event, node) => onSelect(node.id), [onSelect]);
  const clearSelection = useCallback(() => onSelect(null), [onSelect]);
  const container = useRef<HTMLDivElement>(null);
  // Panned or zoomed by the user (programmatic fits carry no event): the view is theirs from then on.
  const userMoved = useRef(false);
  const onMoveStart = useCallback((event: MouseEvent | TouchEvent | null) => {
    if (event) userMoved.current = true;
  }, []);

  return (
    <div className="canvas run-canvas" data-testid="run-graph" ref={container}>
      <ReactFlow
        nodes={flowNodes}
        edges={flowEdges}
        nodeTypes={NODE_TYPES}
        edgeTypes={EDGE_TYPES}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable
        onNodeClick={selectNode}
        onPaneClick={clearSelection}
        onMoveStart={onMoveStart}
        minZoom={RUN_VIEW_MIN_ZOOM}
        fitView
        fitViewOptions={FIT_VIEW_OPTIONS}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} size={1} />
        <Controls showInteractive={false} />
        <StayFitted container={container} userMoved={userMoved} options={FIT_VIEW_OPTIONS} />
      </ReactFlow>
    </div>
  );
});
