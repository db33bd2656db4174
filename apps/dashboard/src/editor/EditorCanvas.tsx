import {
  applyEdgeChanges,
  applyNodeChanges,
  Background,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type FinalConnectionState,
  type NodeChange,
} from '@xyflow/react';
import { NODE_CATALOGUE } from '@runtime-hub/nodes';
import { useCallback, useMemo, useState, type DragEvent } from 'react';
import { EDITOR_MIN_ZOOM } from '../app/settings';
import { useToast } from '../ui/Toasts';
import { connect, moveNodes, removeElements } from './editor-commands';
import { EditorProblemsContext } from './editor-context';
import { edgeFromHandles, toWorkflowEdge } from './editor-graph.mapping';
import { problemEdgeKey, type EditorProblems } from './editor-problems';
import { FLOW_NODE_TYPE, type EditorDocument, type EditorEdge, type EditorNode } from './editor.types';
import type { HistoryAction } from './history.reducer';
import { EditorFlowNode } from './EditorFlowNode';
import { PALETTE_DRAG_TYPE } from './Palette';
import { connectionProblem } from './port-compatibility';

const NODE_TYPES = { [FLOW_NODE_TYPE]: EditorFlowNode };
const DELETE_KEYS = ['Backspace', 'Delete'];
const EDGE_MARKER = { type: MarkerType.ArrowClosed, width: 18, height: 18 };
const MINIMAP_SIZE = { width: 168, height: 112 };
const FIT_VIEW_OPTIONS = { maxZoom: 1, minZoom: EDITOR_MIN_ZOOM };

type Point = { x: number; y: number };

/**
 * The editing canvas. Every edit is a history commit (so it can be undone); what is not an
 * edit (selection, React Flow's measured sizes) replaces the present without a step. While a
 * node is dragged its position lives here; the drop commits the move as one step.
 */
export function EditorCanvas({
  document,
  dispatch,
  problems,
  onDropType,
}: {
  document: EditorDocument;
  dispatch: (action: HistoryAction<EditorDocument>) => void;
  problems: EditorProblems;
  onDropType: (type: string, position: Point) => void;
}) {
  const flow = useReactFlow<EditorNode, EditorEdge>();
  const notify = useToast();
  const [dragging, setDragging] = useState<ReadonlyMap<string, Point>>(new Map());
  // Fit the view to the workflow it opens with; an empty canvas stays as it is, so the first
  // dropped node lands where it was dropped instead of the view jumping to it.
  const [fitOnOpen] = useState(() => document.nodes.length > 0);

  const nodes = useMemo(
    () => (dragging.size === 0 ? (document.nodes as EditorNode[]) : document.nodes.map((node) => (dragging.has(node.id) ? { ...node, position: dragging.get(node.id)! } : node))),
    [document.nodes, dragging],
  );
  const edges = useMemo(
    () =>
      document.edges.map((edge): EditorEdge => {
        const invalid = problems.byEdge.has(problemEdgeKey(toWorkflowEdge(edge)));
        const error = edge.data?.port === 'error';
        return { ...edge, className: [invalid ? 'edge-invalid' : '', error ? 'edge-error-port' : ''].filter(Boolean).join(' '), markerEnd: EDGE_MARKER, ...(edge.data?.port ? { label: edge.data.port } : {}) };
      }),
    [document.edges, problems],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<EditorNode>[]) => {
      const moving = new Map<string, Point>();
      const dropped = new Map<string, Point>();
      const transient: NodeChange<EditorNode>[] = [];
      for (const change of changes) {
        if (change.type === 'position') {
          const at = change.position ?? dragging.get(change.id);
          if (!at) continue;
          (change.dragging ? moving : dropped).set(change.id, at);
        } else if (change.type === 'dimensions' || change.type === 'select') {
          transient.push(change);
        }
      }
      if (transient.length > 0) dispatch({ type: 'replace', update: (present) => ({ ...present, nodes: applyNodeChanges(transient, present.nodes as EditorNode[]) }) });
      if (moving.size > 0) setDragging((current) => new Map([...current, ...moving]));
      if (dropped.size > 0) {
        dispatch({ type: 'commit', update: (present) => moveNodes(present, dropped) });
        setDragging((current) => new Map([...current].filter(([id]) => !dropped.has(id))));
      }
    },
    [dispatch, dragging],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<EditorEdge>[]) => {
      const selection = changes.filter((change) => change.type === 'select');
      if (selection.length > 0) dispatch({ type: 'replace', update: (present) => ({ ...present, edges: applyEdgeChanges(selection, present.edges as EditorEdge[]) }) });
    },
    [dispatch],
  );

  const isValidConnection = useCallback((connection: Connection | EditorEdge) => connectionProblem(document, connection, NODE_CATALOGUE) === undefined, [document]);

  const onConnect = useCallback(
    (connection: Connection) => {
      const edge = edgeFromHandles(connection.source, connection.sourceHandle, connection.target, connection.targetHandle);
      dispatch({ type: 'commit', update: (present) => connect(present, edge) });
    },
    [dispatch],
  );

  const onConnectEnd = useCallback(
    (_event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid !== false || !state.fromHandle || !state.toHandle) return;
      const from = state.fromHandle.type === 'source' ? state.fromHandle : state.toHandle;
      const to = state.fromHandle.type === 'source' ? state.toHandle : state.fromHandle;
      const reason = connectionProblem(document, { source: from.nodeId, sourceHandle: from.id, target: to.nodeId, targetHandle: to.id }, NODE_CATALOGUE);
      if (reason) notify('error', `Cannot connect: ${reason}`);
    },
    [document, notify],
  );

  const onDelete = useCallback(
    ({ nodes: gone, edges: cut }: { nodes: EditorNode[]; edges: EditorEdge[] }) => {
      dispatch({ type: 'commit', update: (present) => removeElements(present, gone.map((node) => node.id), cut.map((edge) => edge.id)) });
    },
    [dispatch],
  );

  const onDragOver = (event: DragEvent) => {
    if (!event.dataTransfer.types.includes(PALETTE_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  };

  const onDrop = (event: DragEvent) => {
    const type = event.dataTransfer.getData(PALETTE_DRAG_TYPE);
    if (!type) return;
    event.preventDefault();
    onDropType(type, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
  };

  return (
    <EditorProblemsContext.Provider value={problems}>
      <div className="canvas" onDragOver={onDragOver} onDrop={onDrop} data-testid="editor-canvas">
        <ReactFlow<EditorNode, EditorEdge>
          nodes={nodes}
          edges={edges}
          nodeTypes={NODE_TYPES}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={onConnect}
          onConnectEnd={onConnectEnd}
          onDelete={onDelete}
          isValidConnection={isValidConnection}
          deleteKeyCode={DELETE_KEYS}
          fitView={fitOnOpen}
          minZoom={EDITOR_MIN_ZOOM}
          fitViewOptions={FIT_VIEW_OPTIONS}
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={20} size={1} />
          <Controls showInteractive={false} />
          <MiniMap pannable zoomable className="minimap" style={MINIMAP_SIZE} nodeColor="#cbd5e1" nodeBorderRadius={4} />
        </ReactFlow>
      </div>
    </EditorProblemsContext.Provider>
  );
}
