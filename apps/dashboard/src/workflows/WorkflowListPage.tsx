import { Link } from '../app/Link';
import { useCan } from '../session/permissions';
import { navigate } from '../app/navigation';
import { workflowsApi } from '../api/workflows.api';
import { formatRelative } from '../runs/run-format';
import { ErrorBanner } from '../ui/ErrorText';
import { StatusBadge } from '../ui/StatusBadge';
import { useAsync } from '../ui/use-async';
import { useNow } from '../ui/use-now';
import { WORKFLOW_LIST_CLOCK_TICK_MS } from '../app/settings';

/** Every workflow with its latest version and how its last run went. */
export function WorkflowListPage() {
  const { state, reload } = useAsync(() => workflowsApi.list(), 'workflows');
  const now = useNow(WORKFLOW_LIST_CLOCK_TICK_MS);
  const canEdit = useCan('workflows.write');
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Workflows</h1>
          <p className="muted">Graphs of typed nodes, versioned on every save.</p>
        </div>
        {canEdit && (
          <button type="button" className="button button-primary" onClick={() => navigate({ page: 'editor', workflowId: null })}>
            New workflow
          </button>
        )}
      </header>
      {state.status === 'failed' && <ErrorBanner error={state.error} onRetry={reload} />}
      {state.status === 'loading' && <div className="skeleton-table" aria-busy="true" />}
      {state.status === 'ready' && state.value.length === 0 && (
        <div className="empty-state">
          <h2>No workflows yet</h2>
          <p className="muted">Draw one in the editor, or import a JSON definition there.</p>
          <button type="button" className="button button-primary" onClick={() => navigate({ page: 'editor', workflowId: null })}>
            Create the first workflow
          </button>
        </div>
      )}
      {state.status === 'ready' && state.value.length > 0 && (
        <div className="card table-scroll">
          <table className="table" data-testid="workflow-list">
            <thead>
              <tr>
                <th>Name</th>
                <th>Version</th>
                <th>Last run</th>
                <th>Updated</th>
              </tr>
            </thead>
            <tbody>
              {state.value.map((workflow) => (
                <tr key={workflow.id}>
                  <td>
                    <Link to={{ page: 'editor', workflowId: workflow.id }} className="strong-link">
                      {workflow.name}
                    </Link>
                  </td>
                  <td>
                    <span className="version-chip">v{workflow.latestVersion}</span>
                  </td>
                  <td>
                    {workflow.lastRun ? (
                      <Link to={{ page: 'run', runId: workflow.lastRun.id }} className="inline-flex">
                        <StatusBadge status={workflow.lastRun.status} />
                        <span className="muted small">{formatRelative(workflow.lastRun.createdAt, now)}</span>
                      </Link>
                    ) : (
                      <span className="muted">never run</span>
                    )}
                  </td>
                  <td className="muted" title={workflow.updatedAt}>
                    {formatRelative(workflow.updatedAt, now)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
