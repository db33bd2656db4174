import { useState } from 'react';
import { useCan } from '../session/permissions';
import { Link } from '../app/Link';
import { navigate } from '../app/navigation';
import { batchesApi } from '../api/triggers.api';
import { formatRelative } from '../runs/run-format';
import { useRefreshing } from '../triggers/use-refreshing';
import { ErrorBanner } from '../ui/ErrorText';
import { useToast } from '../ui/Toasts';
import { BatchDialog } from './BatchDialog';
import { BatchProgressBar } from './BatchProgressBar';

/** The newest batches with their progress; start a new one. */
export function BatchesPage() {
  const { value, error, reload } = useRefreshing(() => batchesApi.list(), 'batches', (run) => run.trigger === 'batch');
  const [creating, setCreating] = useState(false);
  const canStart = useCan('runs.start');
  const notify = useToast();
  const now = Date.now();
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Batches</h1>
          <p className="muted">One workflow over a list of inputs, a few at a time.</p>
        </div>
        {canStart && (
          <button type="button" className="button button-primary" onClick={() => setCreating(true)} data-testid="new-batch">
            New batch
          </button>
        )}
      </header>
      {error !== undefined && <ErrorBanner error={error} onRetry={reload} />}
      {value === undefined && error === undefined && <div className="skeleton-table" aria-busy="true" />}
      {value !== undefined && value.length === 0 && (
        <div className="empty-state">
          <h2>No batches yet</h2>
          <p className="muted">Start one from a JSON list or a CSV file of inputs.</p>
        </div>
      )}
      {value !== undefined && value.length > 0 && (
        <div className="card table-scroll">
          <table className="table" data-testid="batch-list">
            <thead>
              <tr>
                <th>Name</th>
                <th>Workflow</th>
                <th>Status</th>
                <th>Progress</th>
                <th>Started</th>
              </tr>
            </thead>
            <tbody>
              {value.map((batch) => (
                <tr key={batch.id} data-batch={batch.name}>
                  <td>
                    <Link to={{ page: 'batch', batchId: batch.id }} className="strong-link">
                      {batch.name}
                    </Link>
                  </td>
                  <td>{batch.workflowName}</td>
                  <td>
                    <span className={`chip batch-status-${batch.status}`}>{batch.status}</span>
                  </td>
                  <td className="progress-cell">
                    <BatchProgressBar progress={batch.progress} />
                  </td>
                  <td className="muted small">{formatRelative(batch.createdAt, now)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {creating && (
        <BatchDialog
          onClose={() => setCreating(false)}
          onCreated={(batch) => {
            setCreating(false);
            notify('success', `Batch "${batch.name}" started: ${batch.progress.total} items`);
            navigate({ page: 'batch', batchId: batch.id });
          }}
        />
      )}
    </div>
  );
}
