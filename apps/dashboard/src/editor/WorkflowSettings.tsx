import { withEntry } from '../ui/ordered-record';
import { updateMeta } from './editor-commands';
import type { EditorDocument, WorkflowMeta } from './editor.types';
import type { HistoryAction } from './history.reducer';
import { InputsEditor } from './InputsEditor';
import { LabelsField } from './LabelsField';

/** With no node selected: the workflow's own fields, its inputs and the problems that are its own. */
export function WorkflowSettings({ document, problems, dispatch }: { document: EditorDocument; problems: readonly string[]; dispatch: (action: HistoryAction<EditorDocument>) => void }) {
  const { meta } = document;
  const edit = (update: (meta: WorkflowMeta) => WorkflowMeta, field: string) => dispatch({ type: 'commit', update: (present) => updateMeta(present, update), coalesceKey: `workflow:${field}` });
  const labels = meta.defaults.target && 'labels' in meta.defaults.target ? meta.defaults.target.labels : [];
  return (
    <div className="inspector" data-testid="workflow-settings">
      <header className="inspector-header">
        <div>
          <h2>Workflow</h2>
          <p className="muted small">Select a node to edit it; drag types from the palette to add one.</p>
        </div>
      </header>
      {problems.length > 0 && (
        <ul className="inspector-problems" role="alert">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      <section className="inspector-section">
        <label className="field">
          <span className="field-label">Name</span>
          <input type="text" value={meta.name} onChange={(event) => edit((current) => ({ ...current, name: event.target.value }), 'name')} />
        </label>
        <label className="field">
          <span className="field-label">Description</span>
          <textarea rows={2} value={meta.description ?? ''} onChange={(event) => edit((current) => ({ ...current, description: event.target.value }), 'description')} />
        </label>
      </section>
      <section className="inspector-section">
        <h3>Inputs</h3>
        <InputsEditor inputs={meta.inputs} onChange={(inputs, field) => edit((current) => ({ ...current, inputs }), field)} />
      </section>
      <section className="inspector-section">
        <h3>Defaults for every node</h3>
        <LabelsField
          label="Agent labels"
          labels={labels}
          placeholder="any worker agent"
          onChange={(list) =>
            edit((current) => ({ ...current, defaults: withEntry(current.defaults, 'target', list.length === 0 ? undefined : { labels: list }) }), 'defaults.target')
          }
        />
      </section>
    </div>
  );
}
