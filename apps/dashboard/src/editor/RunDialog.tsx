import type { WorkflowInput } from '@runtime-hub/protocol';
import { useMemo, useState, type FormEvent } from 'react';
import { parseRunInputs, runInputFields } from '../runs/run-inputs.form';
import { Modal } from '../ui/Modal';

/** Starts a run of the saved version, with a form for the inputs the workflow declares. */
export function RunDialog({
  title,
  inputs,
  warnings,
  busy,
  error,
  onRun,
  onClose,
}: {
  title: string;
  inputs: Readonly<Record<string, WorkflowInput>>;
  /** Nodes no known agent can take: said before the run is started. */
  warnings: readonly string[];
  busy: boolean;
  error: string | null;
  onRun: (inputs: Record<string, unknown>) => void;
  onClose: () => void;
}) {
  const fields = useMemo(() => runInputFields(inputs), [inputs]);
  const [texts, setTexts] = useState<Record<string, string>>(() => Object.fromEntries(fields.map((field) => [field.name, field.initialText])));
  const [errors, setErrors] = useState<Readonly<Record<string, string>>>({});

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseRunInputs(fields, texts);
    if (!parsed.ok) return setErrors(parsed.errors);
    setErrors({});
    onRun(parsed.inputs);
  };

  return (
    <Modal
      title={title}
      onClose={onClose}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="run-form" className="button button-primary" disabled={busy}>
            {busy ? 'Starting…' : 'Start run'}
          </button>
        </>
      }
    >
      <form id="run-form" onSubmit={submit} className="run-form">
        {warnings.length > 0 && (
          <div className="banner banner-warning run-warnings" role="alert" data-testid="run-warnings">
            <div>
              <strong>No known agent can run {warnings.length === 1 ? 'this node' : `these ${warnings.length} nodes`}:</strong>
              <ul>
                {warnings.map((warning) => (
                  <li key={warning}>{warning}</li>
                ))}
              </ul>
            </div>
          </div>
        )}
        {fields.length === 0 && <p className="muted">This workflow declares no inputs.</p>}
        {fields.map((field) => {
          const text = texts[field.name] ?? '';
          const set = (value: string) => setTexts((current) => ({ ...current, [field.name]: value }));
          return (
            <label className="field" key={field.name} data-input={field.name}>
              <span className="field-label">
                {field.name}
                {field.required && <span className="required">*</span>}
                <span className="field-kind">{field.type}</span>
              </span>
              {field.type === 'boolean' ? (
                <select value={text} onChange={(event) => set(event.target.value)}>
                  <option value="false">false</option>
                  <option value="true">true</option>
                </select>
              ) : field.type === 'object' || field.type === 'array' ? (
                <textarea className="code" rows={3} value={text} onChange={(event) => set(event.target.value)} spellCheck={false} />
              ) : (
                <input type="text" value={text} onChange={(event) => set(event.target.value)} />
              )}
              {errors[field.name] && <span className="field-error">{errors[field.name]}</span>}
              {field.description && <span className="field-help">{field.description}</span>}
            </label>
          );
        })}
        {error && (
          <div className="banner banner-error" role="alert">
            {error}
          </div>
        )}
      </form>
    </Modal>
  );
}
