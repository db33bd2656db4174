import type { BatchItemStatus, BatchRecord } from '@runtime-hub/protocol';
import { useCan } from '../session/permissions';
import { useState } from 'react';
import { Link } from '../app/Link';
import { batchesApi } from '../api/triggers.api';
import { BATCH_ITEMS_PAGE_SIZE } from '../app/settings';
import { useRefreshing } from '../triggers/use-refreshing';
import { useActions } from '../triggers/use-trigger-actions';
import { ErrorBanner } from '../ui/ErrorText';
import { StatusBadge } from '../ui/StatusBadge';
import { BatchProgressBar } from './BatchProgressBar';

const ITEM_FILTERS: ReadonlyArray<BatchItemStatus | null> = [null, 'waiting', 'running', 'succeeded', 'failed', 'cancelled'];

/** One batch live: progress, why items wait, pause, resume, cancel, retry the failed items, and its items with their runs. */
export function BatchPage({ batchId }: { batchId: string }) {
  const [filter, setFilter] = useState<BatchItemStatus | null>(null);
  const canStart = useCan('runs.start');
  const canCancel = useCan('runs.cancel');
  const canRetry = useCan('runs.retry');
  const [offset, setOffset] = useState(0);
  const concerns = (run: { trigger: string; triggerId: string | null }) => run.trigger === 'batch' && run.triggerId === batchId;
  const batch = useRefreshing(() => batchesApi.get(batchId), `batch:${batchId}`, concerns);
  const items = useRefreshing(() => batchesApi.items(batchId, filter, offset, BATCH_ITEMS_PAGE_SIZE), `items:${batchId}:${filter ?? ''}:${offset}`, concerns);
  const act = useActions(() => {
    batch.reload();
    items.reload();
  });

  const record: BatchRecord | undefined = batch.value;
  if (!record) return <div className="page">{batch.error !== undefined ? <ErrorBanner error={batch.error} onRetry={batch.reload} /> : <div className="skeleton-table" aria-busy="true" />}</div>;
  const open = record.status === 'running' || record.status === 'paused';
  return (
    <div className="page" data-testid="batch-page" data-batch-status={record.status}>
      <header className="page-header">
        <div>
          <p className="crumbs">
            <Link to={{ page: 'batches' }} className="crumb">
              Batches
            </Link>
          </p>
          <h1>
            {record.name} <span className={`chip batch-status-${record.status}`}>{record.status}</span>
          </h1>
          <p className="muted">
            <Link to={{ page: 'editor', workflowId: record.workflowId }}>{record.workflowName}</Link> v{record.workflowVersion} · {record.concurrency} at a time · priority {record.priority}
            {record.hostsLabel && ` · on every host with label ${record.hostsLabel}`}
          </p>
        </div>
        <div className="button-group">
          {record.status === 'running' && canCancel && (
            <button type="button" className="button" onClick={() => act(batchesApi.act(batchId, 'pause'), 'Batch paused')}>
              Pause
            </button>
          )}
          {record.status === 'paused' && canStart && (
            <button type="button" className="button" onClick={() => act(batchesApi.act(batchId, 'resume'), 'Batch resumed')}>
              Resume
            </button>
          )}
          {record.status !== 'cancelled' && record.progress.failed > 0 && canRetry && (
            <button type="button" className="button" onClick={() => act(batchesApi.retry(batchId), `${record.progress.failed} failed items run again`)} data-testid="retry-failed">
              Retry {record.progress.failed} failed
            </button>
          )}
          {open && canCancel && (
            <button type="button" className="button button-danger" onClick={() => window.confirm('Cancel the batch? Its running items are cancelled too.') && act(batchesApi.act(batchId, 'cancel'), 'Batch cancelled')}>
              Cancel batch
            </button>
          )}
        </div>
      </header>
      <div className="card batch-summary">
        <BatchProgressBar progress={record.progress} />
        {record.waitingReason && (
          <p className="muted small" data-testid="batch-waiting-reason">
            Items wait: {record.waitingReason}
          </p>
        )}
      </div>
      <div className="filter-chips" role="group" aria-label="Items">
        {ITEM_FILTERS.map((status) => (
          <button
            key={status ?? 'all'}
            type="button"
            className={`button button-small${filter === status ? ' active' : ''}`}
            onClick={() => {
              setFilter(status);
              setOffset(0);
            }}
          >
            {status ?? 'all'}
            {status && ` (${record.progress[status]})`}
          </button>
        ))}
      </div>
      {items.error !== undefined && <ErrorBanner error={items.error} onRetry={items.reload} />}
      {items.value && (
        <div className="card table-scroll">
          <table className="table table-compact" data-testid="batch-items">
            <thead>
              <tr>
                <th>#</th>
                <th>Inputs</th>
                {record.hostsLabel && <th>Host</th>}
                <th>Status</th>
                <th>Run</th>
                <th>Attempts</th>
                <th>Error</th>
              </tr>
            </thead>
            <tbody>
              {items.value.items.map((item) => (
                <tr key={item.seq} data-item={item.seq} data-status={item.status}>
                  <td className="muted">{item.index + 1}</td>
                  <td className="mono small">{JSON.stringify(item.inputs)}</td>
                  {record.hostsLabel && <td className="small">{item.agentId}</td>}
                  <td>
                    <StatusBadge status={item.status} />
                  </td>
                  <td>{item.runId ? <Link to={{ page: 'run', runId: item.runId }}>{item.runId.slice(0, 8)}</Link> : '—'}</td>
                  <td className="muted">{item.attempts}</td>
                  <td className="small error-text">{item.error?.message ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="table-footer small muted">
            {items.value.total === 0 ? 'No items' : `${offset + 1}–${offset + items.value.items.length} of ${items.value.total}`}
            <span className="button-group">
              <button type="button" className="button button-small" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - BATCH_ITEMS_PAGE_SIZE))}>
                Previous
              </button>
              <button type="button" className="button button-small" disabled={offset + BATCH_ITEMS_PAGE_SIZE >= items.value.total} onClick={() => setOffset(offset + BATCH_ITEMS_PAGE_SIZE)}>
                Next
              </button>
            </span>
          </div>
        </div>
      )}
    </div>
  );
}
