import type { Target } from '@runtime-hub/protocol';
import { withEntry } from '../ui/ordered-record';
import { useSyncedText } from '../ui/use-synced-text';
import type { NodeSpec } from './editor.types';
import { LabelsField } from './LabelsField';

/**
 * Where and how a node runs, besides its config: target (workflow default, one agent, or
 * agents with labels, optionally every one of them), timeout, attempts and join.
 */
export function NodeSettings({ spec, onChange }: { spec: NodeSpec; onChange: (update: (spec: NodeSpec) => NodeSpec, field: string) => void }) {
  const target = spec.target;
  const mode = target === undefined ? 'default' : 'agent' in target ? 'agent' : 'labels';

  const setTarget = (next: Target | undefined) =>
    onChange((current) => withEntry(current, 'target', next), 'target');

  return (
    <div className="node-settings">
      <div className="field">
        <label className="field-label" htmlFor={`target-${spec.id}`}>
          Runs on
        </label>
        <select
          id={`target-${spec.id}`}
          value={mode}
          onChange={(event) => {
            const value = event.target.value;
            setTarget(value === 'default' ? undefined : value === 'agent' ? { agent: '' } : { labels: [] });
          }}
        >
          <option value="default">the workflow default</option>
          <option value="agent">one agent, by name or id</option>
          <option value="labels">agents with labels</option>
        </select>
      </div>
      {target !== undefined && 'agent' in target && (
        <TextSetting label="Agent" value={target.agent} placeholder="host-37" onChange={(agent) => setTarget({ agent })} />
      )}
      {target !== undefined && 'labels' in target && (
        <>
          <LabelsField label="Labels" labels={target.labels} placeholder="windows, finance" onChange={(labels) => setTarget({ ...target, labels })} />
          <label className="checkbox">
            <input type="checkbox" checked={target.each === true} onChange={(event) => setTarget(event.target.checked ? { ...target, each: true } : { labels: target.labels })} />
            <span>every matching agent (fan-out, one task per host)</span>
          </label>
        </>
      )}
      <div className="field-row">
        <NumberSetting
          label="Timeout (ms)"
          value={spec.timeoutMs}
          placeholder="workflow default"
          onChange={(timeoutMs) => onChange((current) => withEntry(current, 'timeoutMs', timeoutMs), 'timeoutMs')}
        />
        <NumberSetting
          label="Attempts"
          value={spec.retry?.maxAttempts}
          placeholder="default"
          onChange={(maxAttempts) =>
            onChange((current) => withEntry(current, 'retry', maxAttempts === undefined ? undefined : { backoff: 'exponential', delayMs: 1000, ...current.retry, maxAttempts }), 'retry')
          }
        />
      </div>
      <div className="field">
        <label className="field-label" htmlFor={`join-${spec.id}`}>
          Starts when
        </label>
        <select id={`join-${spec.id}`} value={spec.join ?? 'all'} onChange={(event) => onChange((current) => withEntry(current, 'join', event.target.value === 'any' ? 'any' : undefined), 'join')}>
          <option value="all">every incoming edge has settled</option>
          <option value="any">one incoming edge is taken</option>
        </select>
      </div>
    </div>
  );
}

function TextSetting({ label, value, placeholder, onChange }: { label: string; value: string; placeholder?: string; onChange: (value: string) => void }) {
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input type="text" value={value} placeholder={placeholder} onChange={(event) => onChange(event.target.value)} />
    </label>
  );
}

const parseWhole = (text: string) => {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true as const, value: undefined };
  const value = Number(trimmed);
  return Number.isInteger(value) && value >= 1 ? { ok: true as const, value } : { ok: false as const };
};

function NumberSetting({ label, value, placeholder, onChange }: { label: string; value: number | undefined; placeholder?: string; onChange: (value: number | undefined) => void }) {
  const [text, setText] = useSyncedText(value, (current) => (current === undefined ? '' : String(current)), parseWhole);
  const parsed = parseWhole(text);
  return (
    <label className="field">
      <span className="field-label">{label}</span>
      <input
        type="text"
        inputMode="numeric"
        value={text}
        placeholder={placeholder}
        onChange={(event) => {
          setText(event.target.value);
          const result = parseWhole(event.target.value);
          if (result.ok) onChange(result.value);
        }}
      />
      {!parsed.ok && <span className="field-error">a whole number from 1</span>}
    </label>
  );
}
