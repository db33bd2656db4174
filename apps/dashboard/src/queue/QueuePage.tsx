import { Link } from '../app/Link';
import { queueApi } from '../api/triggers.api';
import { formatRelative } from '../runs/run-format';
import { useRefreshing } from '../triggers/use-refreshing';
import { ErrorBanner } from '../ui/ErrorText';

/** What waits and why: runs queued for a slot of their workflow (in the order they will start), and batches with waiting items. */
export function QueuePage() {
  const { value, error, reload } = useRefreshing(() => queueApi.get(), 'queue', (run) => run.parentRunId === null);
  const now = Date.now();
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Queue</h1>
          <p className="muted">Runs waiting for a slot of their workflow, and batches with items still to start; each says why.</p>
        </div>
      </header>
      {error !== undefined && <ErrorBanner error={error} onRetry={reload} />}
      {value !== undefined && (
        <>
          <h2 className="section-title">Queued runs</h2>
          {value.runs.length === 0 ? (
            <p className="muted" data-testid="queue-empty">
              No run waits.
            </p>
          ) : (
            <div className="card table-scroll">
              <table className="table" data-testid="queued-runs">
                <thead>
                  <tr>
                    <th>Workflow</th>
                    <th>Run</th>
                    <th>Priority</th>
                    <th>Why it waits</th>
                    <th>Started by</th>
                    <th>Queued</th>
                  </tr>
                </thead>
                <tbody>
                  {value.runs.map((run) => (
                    <tr key={run.id} data-run-id={run.id}>
                      <td>{run.workflowName}</td>
                      <td>
                        <Link to={{ page: 'run', runId: run.id }}>{run.id.slice(0, 8)}</Link>
                      </td>
                      <td>{run.priority}</td>
                      <td className="small" data-testid="waiting-reason">
                        {run.waitingReason}
                      </td>
                      <td className="muted">{run.trigger}</td>
                      <td className="muted small">{formatRelative(run.createdAt, now)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h2 className="section-title">Batches with waiting items</h2>
          {value.batches.length === 0 ? (
            <p className="muted">No batch has items waiting.</p>
          ) : (
            <div className="card table-scroll">
              <table className="table" data-testid="queued-batches">
                <thead>
                  <tr>
                    <th>Batch</th>
                    <th>Workflow</th>
                    <th>Waiting</th>
                    <th>Priority</th>
                    <th>Why</th>
                  </tr>
                </thead>
                <tbody>
                  {value.batches.map((batch) => (
                    <tr key={batch.batchId}>
                      <td>
                        <Link to={{ page: 'batch', batchId: batch.batchId }}>{batch.name}</Link>
                      </td>
                      <td>{batch.workflowName}</td>
                      <td>{batch.waiting}</td>
                      <td>{batch.priority}</td>
                      <td className="small">{batch.waitingReason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </div>
  );
}
