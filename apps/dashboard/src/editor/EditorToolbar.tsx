import { useRef, type ChangeEvent } from 'react';
import { Link } from '../app/Link';
import { useCan } from '../session/permissions';

export interface ToolbarState {
  readonly name: string;
  readonly version: number | null;
  readonly dirty: boolean;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  readonly problemCount: number;
  readonly versionsOpen: boolean;
}

export interface ToolbarActions {
  undo(): void;
  redo(): void;
  importText(text: string): void;
  exportFile(): void;
  toggleVersions(): void;
  save(): void;
  run(): void;
}

/** The editor's top bar: where the workflow stands, and every command on it. */
export function EditorToolbar({ state, actions }: { state: ToolbarState; actions: ToolbarActions }) {
  const canSave = useCan('workflows.write');
  const canRun = useCan('runs.start');
  const fileInput = useRef<HTMLInputElement>(null);
  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (file) actions.importText(await file.text());
  };
  const saveBlocked = state.problemCount > 0 ? `Fix ${state.problemCount} problem${state.problemCount === 1 ? '' : 's'} first` : undefined;
  const runBlocked = state.version === null ? 'Save the workflow first' : state.dirty ? 'Save your changes first: a run uses a saved version' : saveBlocked;
  return (
    <header className="editor-toolbar">
      <div className="editor-title">
        <Link to={{ page: 'workflows' }} className="crumb">
          Workflows
        </Link>
        <span className="crumb-separator">/</span>
        <h1 data-testid="editor-title">{state.name || 'untitled'}</h1>
        {state.version !== null ? <span className="version-chip">v{state.version}</span> : <span className="version-chip version-new">new</span>}
        <span className={`save-state${state.dirty ? ' dirty' : ''}`} data-testid="save-state">
          {state.dirty ? 'Unsaved changes' : 'Saved'}
        </span>
      </div>
      <div className="toolbar-actions">
        <div className="button-group">
          <button type="button" className="button button-icon" onClick={actions.undo} disabled={!state.canUndo} title="Undo (Ctrl+Z)" aria-label="Undo">
            ↶
          </button>
          <button type="button" className="button button-icon" onClick={actions.redo} disabled={!state.canRedo} title="Redo (Ctrl+Shift+Z)" aria-label="Redo">
            ↷
          </button>
        </div>
        <div className="button-group">
          <button type="button" className="button" onClick={() => fileInput.current?.click()}>
            Import
          </button>
          <input ref={fileInput} type="file" accept="application/json,.json" hidden onChange={onFile} data-testid="import-file" />
          <button type="button" className="button" onClick={actions.exportFile}>
            Export
          </button>
          <button type="button" className={`button${state.versionsOpen ? ' active' : ''}`} onClick={actions.toggleVersions} disabled={state.version === null} aria-pressed={state.versionsOpen}>
            History
          </button>
        </div>
        {canSave && (
          <button type="button" className="button" onClick={actions.save} disabled={saveBlocked !== undefined || !state.dirty} title={saveBlocked ?? 'Save a new version (Ctrl+S)'}>
            Save
          </button>
        )}
        {canRun && (
          <button type="button" className="button button-primary" onClick={actions.run} disabled={runBlocked !== undefined} title={runBlocked ?? 'Run the saved version'}>
            ▶ Run
          </button>
        )}
      </div>
    </header>
  );
}
