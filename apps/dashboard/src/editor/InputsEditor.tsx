import { InputTypeSchema, NODE_ID_PATTERN, type InputType, type WorkflowInput } from '@runtime-hub/protocol';
import { useState } from 'react';
import { withEntry } from '../ui/ordered-record';
import { useSyncedText } from '../ui/use-synced-text';

/**
 * The inputs a workflow declares (`inputs.<name>` in templates): name, type, default and
 * whether a run must give it. The run dialog builds its form from these.
 */
export function InputsEditor({ inputs, onChange }: { inputs: Readonly<Record<string, WorkflowInput>>; onChange: (inputs: Record<string, WorkflowInput>, field: string) => void }) {
  const [newName, setNewName] = useState('');
  const entries = Object.entries(inputs);
  const nameProblem = newName === '' ? undefined : !NODE_ID_PATTERN.test(newName) ? 'letters, digits and _ only' : newName in inputs ? 'already declared' : undefined;

  /** The inputs with `name` replaced in place (its order kept), or removed. */
  const replace = (name: string, input: WorkflowInput | undefined, field: string) => {
    const next = input === undefined ? entries.filter(([key]) => key !== name) : entries.map(([key, value]): [string, WorkflowInput] => [key, key === name ? input : value]);
    onChange(Object.fromEntries(next), field);
  };

  const add = () => {
    if (newName === '' || nameProblem) return;
    onChange({ ...inputs, [newName]: { type: 'string' } }, `inputs.add`);
    setNewName('');
  };

  return (
    <div className="inputs-editor">
      {entries.length === 0 && <p className="muted small">No inputs. A run can still be started; templates cannot read inputs.</p>}
      {entries.map(([name, input]) => (
        <div className="input-row" key={name} data-input={name}>
          <div className="input-row-head">
            <code>{name}</code>
            <select value={input.type} aria-label={`Type of ${name}`} onChange={(event) => replace(name, withoutDefault({ ...input, type: event.target.value as InputType }), `inputs.${name}.type`)}>
              {InputTypeSchema.options.map((type) => (
                <option key={type} value={type}>
                  {type}
                </option>
              ))}
            </select>
            <label className="checkbox small">
              <input type="checkbox" checked={input.required === true} onChange={(event) => replace(name, withEntry(input, 'required', event.target.checked), `inputs.${name}.required`)} />
              required
            </label>
            <button type="button" className="icon-button" aria-label={`Remove input ${name}`} onClick={() => replace(name, undefined, `inputs.${name}.remove`)}>
              ×
            </button>
          </div>
          <DefaultField input={input} onChange={(next) => replace(name, next, `inputs.${name}.default`)} />
        </div>
      ))}
      <div className="input-add">
        <input type="text" className="code" placeholder="new input name" value={newName} onChange={(event) => setNewName(event.target.value)} onKeyDown={(event) => event.key === 'Enter' && add()} />
        <button type="button" className="button button-small" onClick={add} disabled={newName === '' || nameProblem !== undefined}>
          Add input
        </button>
      </div>
      {nameProblem && <span className="field-error">{nameProblem}</span>}
    </div>
  );
}

function withoutDefault(input: WorkflowInput): WorkflowInput {
  return withEntry(input, 'default', undefined);
}

function parseDefault(type: InputType, text: string): { ok: true; value: unknown } | { ok: false } {
  if (text === '') return { ok: true, value: undefined };
  if (type === 'string') return { ok: true, value: text };
  try {
    const value: unknown = JSON.parse(text);
    const matches =
      (type === 'number' && typeof value === 'number') ||
      (type === 'boolean' && typeof value === 'boolean') ||
      (type === 'array' && Array.isArray(value)) ||
      (type === 'object' && typeof value === 'object' && value !== null && !Array.isArray(value));
    return matches ? { ok: true, value } : { ok: false };
  } catch {
    return { ok: false };
  }
}

function DefaultField({ input, onChange }: { input: WorkflowInput; onChange: (input: WorkflowInput) => void }) {
  const toText = (value: unknown) => (value === undefined ? '' : input.type === 'string' && typeof value === 'string' ? value : JSON.stringify(value));
  const [text, setText] = useSyncedText(input.default, toText, (typed) => parseDefault(input.type, typed));
  const valid = parseDefault(input.type, text).ok;
  return (
    <label className="field compact">
      <span className="field-label">default</span>
      <input
        type="text"
        className="code"
        value={text}
        placeholder={input.type === 'string' ? 'text' : `a JSON ${input.type}`}
        onChange={(event) => {
          setText(event.target.value);
          const parsed = parseDefault(input.type, event.target.value);
          if (parsed.ok) onChange(withEntry(input, 'default', parsed.value));
        }}
      />
      {!valid && <span className="field-error">not a {input.type}</span>}
    </label>
  );
}
