import { useId } from 'react';
import { useSyncedText } from '../ui/use-synced-text';
import type { ConfigField } from './config-form.fields';
import { fieldText, parseFieldText } from './config-form.values';

/** One config field: a control of its kind, its description, and what is wrong with the text typed. */
export function ConfigFieldControl({ field, value, onChange }: { field: ConfigField; value: unknown; onChange: (value: unknown) => void }) {
  const id = useId();
  const [text, setText] = useSyncedText(
    value,
    (current) => fieldText(field, current),
    (typed) => parseFieldText(field, typed),
  );
  const parsed = parseFieldText(field, text);

  const change = (next: string) => {
    setText(next);
    const result = parseFieldText(field, next);
    if (result.ok) onChange(result.value);
  };

  const placeholder = field.defaultValue !== undefined ? `default: ${fieldText(field, field.defaultValue)}` : undefined;
  let control;
  switch (field.kind) {
    case 'boolean':
      control = (
        <label className="checkbox">
          <input id={id} type="checkbox" checked={value === undefined ? field.defaultValue === true : value === true} onChange={(event) => change(event.target.checked ? 'true' : 'false')} />
          <span>{field.key}</span>
        </label>
      );
      break;
    case 'enum':
      control = (
        <select id={id} value={text} onChange={(event) => change(event.target.value)}>
          {!field.required && <option value="">{placeholder ?? '(not set)'}</option>}
          {field.required && text === '' && <option value="">choose…</option>}
          {field.options?.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      );
      break;
    case 'multiline':
    case 'json':
    case 'json-or-string':
    case 'string-list':
      control = (
        <textarea
          id={id}
          className={field.kind === 'string-list' ? '' : 'code'}
          rows={field.kind === 'multiline' ? 6 : 3}
          spellCheck={false}
          value={text}
          placeholder={field.kind === 'string-list' ? 'one per line' : placeholder}
          onChange={(event) => change(event.target.value)}
        />
      );
      break;
    case 'number':
    case 'integer':
      control = <input id={id} type="text" inputMode="numeric" value={text} placeholder={placeholder} onChange={(event) => change(event.target.value)} />;
      break;
    case 'string':
      control = <input id={id} type="text" spellCheck={false} value={text} placeholder={placeholder} onChange={(event) => change(event.target.value)} />;
      break;
  }

  return (
    <div className="field" data-field={field.key}>
      {field.kind !== 'boolean' && (
        <label className="field-label" htmlFor={id}>
          {field.key}
          {field.required && <span className="required" title="required">*</span>}
          {(field.kind === 'json' || field.kind === 'json-or-string') && <span className="field-kind">JSON</span>}
        </label>
      )}
      {control}
      {!parsed.ok && <div className="field-error">{parsed.error}</div>}
      {field.description && <div className="field-help">{field.description}</div>}
    </div>
  );
}
