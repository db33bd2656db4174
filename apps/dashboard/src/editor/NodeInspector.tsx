import { NODE_CATALOGUE } from '@runtime-hub/nodes';
import { useState, type KeyboardEvent } from 'react';
import { renameNode, renameProblem, updateSpec } from './editor-commands';
import type { EditorDocument, NodeSpec } from './editor.types';
import { withConfigValue } from './config-form.values';
import type { HistoryAction } from './history.reducer';
import { ConfigForm } from './ConfigForm';
import { NodeSettings } from './NodeSettings';
import { CATEGORY_GLYPH } from './node-presentation';

/** The selected node: id, name, config form, execution settings, its problems, delete. */
export function NodeInspector({
  document,
  spec,
  problems,
  dispatch,
  onDelete,
}: {
  document: EditorDocument;
  spec: NodeSpec;
  problems: readonly string[];
  dispatch: (action: HistoryAction<EditorDocument>) => void;
  onDelete: () => void;
}) {
  const definition = NODE_CATALOGUE.get(spec.type);
  const edit = (update: (spec: NodeSpec) => NodeSpec, field: string) =>
    dispatch({ type: 'commit', update: (present) => updateSpec(present, spec.id, update), coalesceKey: `${spec.id}:${field}` });

  return (
    <div className="inspector" data-testid="node-inspector">
      <header className="inspector-header">
        <span className={`inspector-glyph category-${definition?.category ?? 'unknown'}`} aria-hidden="true">
          {definition ? CATEGORY_GLYPH[definition.category] : '?'}
        </span>
        <div>
          <h2>{spec.type}</h2>
          <p className="muted small">{definition?.description ?? 'Unknown node type'}</p>
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
        <RenameField document={document} nodeId={spec.id} dispatch={dispatch} />
        <label className="field">
          <span className="field-label">Name</span>
          <input
            type="text"
            value={spec.name ?? ''}
            placeholder="shown on the canvas instead of the id"
            onChange={(event) =>
              edit((current) => {
                const { name: _previous, ...rest } = current;
                return event.target.value === '' ? rest : { ...rest, name: event.target.value };
              }, 'name')
            }
          />
        </label>
      </section>
      <section className="inspector-section">
        <h3>Config</h3>
        <ConfigForm spec={spec} onChange={(key, value) => edit((current) => ({ ...current, config: withConfigValue(current.config, key, value) }), `config.${key}`)} />
      </section>
      <section className="inspector-section">
        <h3>Execution</h3>
        <NodeSettings spec={spec} onChange={edit} />
      </section>
      <button type="button" className="button button-danger-ghost" onClick={onDelete}>
        Delete node
      </button>
    </div>
  );
}

/** The node id: edges follow a rename, which is committed on Enter or when the field loses focus. */
function RenameField({ document, nodeId, dispatch }: { document: EditorDocument; nodeId: string; dispatch: (action: HistoryAction<EditorDocument>) => void }) {
  const [text, setText] = useState(nodeId);
  const [forId, setForId] = useState(nodeId);
  if (forId !== nodeId) {
    setForId(nodeId);
    setText(nodeId);
  }
  const problem = renameProblem(document, nodeId, text);
  const commit = () => {
    if (problem === undefined && text !== nodeId) dispatch({ type: 'commit', update: (present) => renameNode(present, nodeId, text) });
    else setText(nodeId);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter') commit();
    if (event.key === 'Escape') setText(nodeId);
  };
  return (
    <label className="field">
      <span className="field-label">Id</span>
      <input type="text" className="code" spellCheck={false} value={text} onChange={(event) => setText(event.target.value)} onBlur={commit} onKeyDown={onKeyDown} />
      {problem && <span className="field-error">{problem}</span>}
      <span className="field-help">Expressions read its output as nodes.{text || nodeId}.output</span>
    </label>
  );
}
