import { workflowsApi } from '../api/workflows.api';
import { useAsync } from '../ui/use-async';

/** A choice among the stored workflows, by name. */
export function WorkflowSelect({ value, onChange, id }: { value: string; onChange: (workflowId: string) => void; id: string }) {
  const { state } = useAsync(() => workflowsApi.list(), 'workflow-select');
  const workflows = state.status === 'ready' ? state.value : [];
  return (
    <select id={id} value={value} onChange={(event) => onChange(event.target.value)} data-field="workflow">
      <option value="">{state.status === 'loading' ? 'Loading…' : 'Choose a workflow'}</option>
      {workflows.map((workflow) => (
        <option key={workflow.id} value={workflow.id}>
          {workflow.name}
        </option>
      ))}
    </select>
  );
}

/** One labelled field of a trigger form, with its error under it. */
export function FormField({ label, htmlFor, error, help, children }: { label: string; htmlFor: string; error?: string | undefined; help?: string; children: React.ReactNode }) {
  return (
    <div className="field">
      <label className="field-label" htmlFor={htmlFor}>
        {label}
      </label>
      {children}
      {help && <span className="field-help">{help}</span>}
      {error && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
