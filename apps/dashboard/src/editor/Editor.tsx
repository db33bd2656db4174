import { useReactFlow } from '@xyflow/react';
import { validate } from '@runtime-hub/graph';
import { NODE_CATALOGUE } from '@runtime-hub/nodes';
import type { WorkflowDefinition } from '@runtime-hub/protocol';
import { useCallback, useMemo, useReducer, useRef, useState } from 'react';
import { navigate } from '../app/navigation';
import { EDITOR_MIN_ZOOM } from '../app/settings';
import { ApiRequestError } from '../api/api-request.error';
import { runsApi } from '../api/runs.api';
import { workflowsApi } from '../api/workflows.api';
import { canonicalJson } from '../ui/canonical-json';
import { errorMessage } from '../ui/ErrorText';
import { useToast } from '../ui/Toasts';
import { configFields, configJsonSchema, initialConfig } from './config-form.fields';
import { useFleet } from '../agents/use-fleet';
import { useLatest } from '../ui/use-latest';
import { addNode, freePosition, newNodeId, removeElements } from './editor-commands';
import { downloadDefinition, readDefinition } from './editor-files';
import { definitionToEditor, editorBaseline, editorToDefinition } from './editor-graph.mapping';
import { refusalWarnings, sortProblems, type NodeWarning } from './editor-problems';
import { fleetWarnings, preferredShell } from './fleet-check';
import type { EditorDocument, EditorNode } from './editor.types';
import { canRedo, canUndo, historyReducer, initialHistory, type HistoryAction } from './history.reducer';
import { EditorCanvas } from './EditorCanvas';
import { EditorToolbar } from './EditorToolbar';
import { NodeInspector } from './NodeInspector';
import { Palette } from './Palette';
import { ProblemsBar } from './ProblemsBar';
import { RunDialog } from './RunDialog';
import { SaveDialog } from './SaveDialog';
import { useEditorShortcuts } from './use-editor-shortcuts';
import { VersionsPanel } from './VersionsPanel';
import { WorkflowSettings } from './WorkflowSettings';

type Dialog = { readonly kind: 'save' | 'run'; readonly busy: boolean; readonly error: string | null } | null;

interface Saved {
  readonly workflowId: string | null;
  readonly version: number | null;
  readonly json: string;
}

/**
 * The workflow editor: palette, canvas, inspector (or version history), problems bar.
 * The document lives in an undo history; the validator runs on every change and its
 * problems show on the nodes they concern before anything is saved or run.
 */
export function Editor({ workflowId, savedVersion, savedDefinition, onReload }: { workflowId: string | null; savedVersion: number | null; savedDefinition: WorkflowDefinition; onReload: () => void }) {
  const flow = useReactFlow();
  const notify = useToast();
  const canvasBox = useRef<HTMLDivElement>(null);
  const [history, dispatch] = useReducer(historyReducer<EditorDocument>, savedDefinition, (definition) => initialHistory(definitionToEditor(definition)));
  // Compared with the definition as the editor writes it back: a workflow stored without
  // positions (CLI, API) is laid out on opening, which is no change of the user's.
  const [saved, setSaved] = useState<Saved>(() => ({ workflowId, version: savedVersion, json: canonicalJson(editorBaseline(savedDefinition)) }));
  const [dialog, setDialog] = useState<Dialog>(null);
  const [versionsOpen, setVersionsOpen] = useState(false);
  // What the coordinator named when it refused a run, for the definition it refused.
  const [refused, setRefused] = useState<{ readonly json: string; readonly warnings: readonly NodeWarning[] } | null>(null);
  const fleet = useFleet();
  const document = history.present;

  const definition = useMemo(() => editorToDefinition(document), [document]);
  const definitionJson = useMemo(() => canonicalJson(definition), [definition]);
  // Keyed on the JSON: selection and measured sizes change the document, not the definition.
  const validation = useMemo(() => validate(definition, NODE_CATALOGUE), [definitionJson]);
  const warnings = useMemo(() => {
    // Until the fleet is read nothing is known about it, so nothing is said.
    const fromFleet = validation.ok && fleet.agents !== null ? fleetWarnings(validation.definition, fleet.agents, NODE_CATALOGUE) : [];
    return refused?.json === definitionJson ? [...fromFleet, ...refused.warnings] : fromFleet;
  }, [validation, fleet.agents, refused, definitionJson]);
  const problems = useMemo(() => sortProblems(validation.problems, warnings), [validation, warnings]);
  // A new shell node runs on a shell the online agents have (read when the node is added).
  const preferredChoices = useLatest({ shell: fleet.agents ? preferredShell(fleet.agents) : undefined });
  const dirty = definitionJson !== saved.json;
  const selected = document.nodes.filter((node) => node.selected);
  const selectedNode: EditorNode | undefined = selected.length === 1 ? selected[0] : undefined;

  const commit = useCallback((update: (present: EditorDocument) => EditorDocument) => dispatch({ type: 'commit', update }), []);

  const addNodeAt = useCallback(
    (type: string, position: { x: number; y: number }) => {
      const nodeDefinition = NODE_CATALOGUE.get(type);
      if (!nodeDefinition) return;
      commit((present) => {
        const id = newNodeId(present, type);
        const config = initialConfig(configFields(configJsonSchema(nodeDefinition)), preferredChoices.current);
        const next = addNode(present, { id, type, config }, position);
        return { ...next, nodes: next.nodes.map((node) => ({ ...node, selected: node.id === id })) };
      });
    },
    [commit, preferredChoices],
  );

  const addNodeInView = (type: string) => {
    const box = canvasBox.current?.getBoundingClientRect();
    if (!box) return;
    const center = flow.screenToFlowPosition({ x: box.left + box.width / 3, y: box.top + box.height / 4 });
    addNodeAt(type, freePosition(document, center));
  };

  const openSave = () => {
    if (dirty && problems.all.length === 0) setDialog({ kind: 'save', busy: false, error: null });
  };

  const save = async (message: string) => {
    setDialog({ kind: 'save', busy: true, error: null });
    try {
      const result = saved.workflowId ? await workflowsApi.save(saved.workflowId, definition, message || undefined) : await workflowsApi.create(definition, message || undefined);
      setSaved({ workflowId: result.id, version: result.version, json: definitionJson });
      setDialog(null);
      notify(result.created ? 'success' : 'info', result.created ? `Saved as v${result.version}` : `No changes: v${result.version} is the same`);
      if (!saved.workflowId) navigate({ page: 'editor', workflowId: result.id }, { replace: true });
    } catch (error) {
      const detail = error instanceof ApiRequestError && error.problems.length > 0 ? `${error.message} (${error.problems.length} problems)` : errorMessage(error);
      setDialog({ kind: 'save', busy: false, error: detail });
    }
  };

  const run = async (inputs: Record<string, unknown>) => {
    if (!saved.workflowId || saved.version === null) return;
    setDialog({ kind: 'run', busy: true, error: null });
    try {
      const started = await runsApi.start(saved.workflowId, saved.version, inputs);
      navigate({ page: 'run', runId: started.id });
    } catch (error) {
      // A run refused for some of its nodes (e.g. no agent can take them): shown on those nodes too.
      if (error instanceof ApiRequestError) setRefused({ json: definitionJson, warnings: refusalWarnings(error.problems) });
      setDialog({ kind: 'run', busy: false, error: errorMessage(error) });
    }
  };

  const importText = (text: string) => {
    const result = readDefinition(text);
    if (!result.ok) return notify('error', `Cannot import: ${result.problems[0] ?? 'not a workflow definition'}`);
    commit(() => definitionToEditor(result.definition));
    window.setTimeout(() => void flow.fitView({ maxZoom: 1, minZoom: EDITOR_MIN_ZOOM }), 0);
    notify('success', `Imported "${result.definition.name}" (undo to go back)`);
  };

  useEditorShortcuts({ undo: () => dispatch({ type: 'undo' }), redo: () => dispatch({ type: 'redo' }), save: openSave });

  const dispatchAction = dispatch as (action: HistoryAction<EditorDocument>) => void;
  return (
    <div className="editor" data-testid="editor">
      <EditorToolbar
        state={{ name: document.meta.name, version: saved.version, dirty, canUndo: canUndo(history), canRedo: canRedo(history), problemCount: problems.all.length, versionsOpen }}
        actions={{
          undo: () => dispatch({ type: 'undo' }),
          redo: () => dispatch({ type: 'redo' }),
          importText,
          exportFile: () => downloadDefinition(definition),
          toggleVersions: () => setVersionsOpen(!versionsOpen),
          save: openSave,
          run: () => setDialog({ kind: 'run', busy: false, error: null }),
        }}
      />
      <div className="editor-body">
        <Palette onAdd={addNodeInView} />
        <div className="canvas-column" ref={canvasBox}>
          <EditorCanvas document={document} dispatch={dispatchAction} problems={problems} onDropType={addNodeAt} />
          <ProblemsBar problems={problems} />
        </div>
        {/* Leaving a field ends its undo step: typing there again later is a new step. */}
        <div className="side-panel" onBlur={() => dispatch({ type: 'checkpoint' })}>
          {versionsOpen && saved.workflowId && saved.version !== null ? (
            <VersionsPanel workflowId={saved.workflowId} latestVersion={saved.version} dirty={dirty} onRestored={onReload} />
          ) : selectedNode ? (
            <NodeInspector
              document={document}
              spec={selectedNode.data.spec}
              problems={problems.byNode.get(selectedNode.id) ?? []}
              dispatch={dispatchAction}
              onDelete={() => commit((present) => removeElements(present, [selectedNode.id], []))}
            />
          ) : (
            <WorkflowSettings document={document} problems={problems.workflow} dispatch={dispatchAction} />
          )}
        </div>
      </div>
      {dialog?.kind === 'save' && <SaveDialog busy={dialog.busy} error={dialog.error} onSave={save} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'run' && (
        <RunDialog title={`Run ${document.meta.name} v${saved.version ?? ''}`} inputs={document.meta.inputs} warnings={problems.warnings} busy={dialog.busy} error={dialog.error} onRun={run} onClose={() => setDialog(null)} />
      )}
    </div>
  );
}
