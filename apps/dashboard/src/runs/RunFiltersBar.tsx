import { RunStatusSchema, RunTriggerSchema, type AgentRecord, type RunStatus, type RunTrigger } from '@runtime-hub/protocol';
import type { WorkflowSummary } from '../api/workflow.views';
import type { RunFilters } from './run-filters';

/** `datetime-local` text (local time) <-> ISO instant. */
function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

function fromLocalInput(text: string): string | undefined {
  if (text === '') return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The run history's filters: status, workflow, agent, trigger, a time range, and whether child runs are listed. */
export function RunFiltersBar({
  filters,
  workflows,
  agents,
  onChange,
}: {
  filters: RunFilters;
  workflows: readonly WorkflowSummary[];
  agents: readonly AgentRecord[];
  onChange: (filters: RunFilters) => void;
}) {
  const set = <K extends keyof RunFilters>(key: K, value: RunFilters[K] | undefined) => {
    const { [key]: _previous, ...rest } = filters;
    onChange(value === undefined || value === '' ? rest : { ...rest, [key]: value });
  };
  const active = Object.keys(filters).length > 0;
  return (
    <div className="filters-bar" role="search">
      <label className="filter">
        <span>Status</span>
        <select value={filters.status ?? ''} onChange={(event) => set('status', (event.target.value || undefined) as RunStatus | undefined)} data-filter="status">
          <option value="">any</option>
          {RunStatusSchema.options.map((status) => (
            <option key={status} value={status}>
              {status}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span>Workflow</span>
        <select value={filters.workflowId ?? ''} onChange={(event) => set('workflowId', event.target.value || undefined)} data-filter="workflow">
          <option value="">any</option>
          {workflows.map((workflow) => (
            <option key={workflow.id} value={workflow.id}>
              {workflow.name}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span>Agent</span>
        <select value={filters.agentId ?? ''} onChange={(event) => set('agentId', event.target.value || undefined)} data-filter="agent">
          <option value="">any</option>
          {agents.map((agent) => (
            <option key={agent.id} value={agent.id}>
              {agent.name}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span>Trigger</span>
        <select value={filters.trigger ?? ''} onChange={(event) => set('trigger', (event.target.value || undefined) as RunTrigger | undefined)} data-filter="trigger">
          <option value="">any</option>
          {RunTriggerSchema.options.map((trigger) => (
            <option key={trigger} value={trigger}>
              {trigger}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span>From</span>
        <input type="datetime-local" value={toLocalInput(filters.from)} onChange={(event) => set('from', fromLocalInput(event.target.value))} data-filter="from" />
      </label>
      <label className="filter">
        <span>To</span>
        <input type="datetime-local" value={toLocalInput(filters.to)} onChange={(event) => set('to', fromLocalInput(event.target.value))} data-filter="to" />
      </label>
      <label className="checkbox filter-toggle">
        <input type="checkbox" checked={filters.withChildren === true} onChange={(event) => set('withChildren', event.target.checked || undefined)} data-filter="children" />
        <span>Show child runs</span>
      </label>
      {active && (
        <button type="button" className="button button-ghost button-small" onClick={() => onChange({})}>
          Clear filters
        </button>
      )}
    </div>
  );
}
