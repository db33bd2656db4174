import type { AgentRecord, RunSummary } from '@runtime-hub/protocol';
import { useCallback, useEffect, useRef, useState } from 'react';
import { navigate } from '../app/navigation';
import { agentsApi } from '../api/agents.api';
import { runsApi } from '../api/runs.api';
import type { WorkflowSummary } from '../api/workflow.views';
import { workflowsApi } from '../api/workflows.api';
import { useLiveEvent, useOnLiveConnect } from '../live/LiveProvider';
import { ErrorBanner } from '../ui/ErrorText';
import { StatusBadge } from '../ui/StatusBadge';
import { useNow } from '../ui/use-now';
import { childIteration, shortRunId } from './child-runs';
import { mergeLiveRun, type RunFilters } from './run-filters';
import { formatDuration, formatRelative, runDurationMs } from './run-format';
import { RunFiltersBar } from './RunFiltersBar';
import { VirtualList } from './VirtualList';
import { HISTORY_CLOCK_TICK_MS, RUN_HISTORY_PAGE_SIZE } from '../app/settings';

/** Height of one run row; the list renders only the rows in view. */
const RUN_ROW_HEIGHT_PX = 52;

interface ListState {
  readonly items: readonly RunSummary[];
  readonly nextCursor: string | null;
  readonly loading: boolean;
  readonly error: unknown;
}

/**
 * Every run, newest first, filtered; more pages load as the list scrolls (only the rows in
 * view are rendered), and runs started or changed elsewhere appear live.
 */
export function RunHistoryPage() {
  const [filters, setFilters] = useState<RunFilters>({});
  const [list, setList] = useState<ListState>({ items: [], nextCursor: null, loading: true, error: null });
  const [workflows, setWorkflows] = useState<readonly WorkflowSummary[]>([]);
  const [agents, setAgents] = useState<readonly AgentRecord[]>([]);
  const generation = useRef(0);
  const now = useNow(HISTORY_CLOCK_TICK_MS);

  const load = useCallback(async (which: RunFilters, cursor: string | null) => {
    const mine = generation.current;
    setList((current) => ({ ...current, loading: true, error: null }));
    try {
      const page = await runsApi.list(which, cursor, RUN_HISTORY_PAGE_SIZE);
      if (mine !== generation.current) return;
      setList((current) => ({ items: cursor ? [...current.items, ...page.items] : page.items, nextCursor: page.nextCursor, loading: false, error: null }));
    } catch (error) {
      if (mine === generation.current) setList((current) => ({ ...current, loading: false, error }));
    }
  }, []);

  useEffect(() => {
    generation.current += 1;
    setList({ items: [], nextCursor: null, loading: true, error: null });
    void load(filters, null);
  }, [filters, load]);

  useEffect(() => {
    workflowsApi.list().then(setWorkflows, () => undefined);
    agentsApi.list().then(setAgents, () => undefined);
  }, []);

  // Reconnected: the list may have missed updates, so it is read again from the first page.
  const connects = useRef(0);
  useOnLiveConnect((socket) => {
    socket.emit('runs:subscribe', {}, () => undefined);
    connects.current += 1;
    if (connects.current > 1) {
      generation.current += 1;
      void load(filters, null);
    }
  });
  useLiveEvent('run:updated', (run) => setList((current) => ({ ...current, items: mergeLiveRun(current.items, run, filters) })));

  const loadMore = () => {
    if (!list.loading && list.nextCursor && !list.error) void load(filters, list.nextCursor);
  };

  return (
    <div className="page page-fill">
      <header className="page-header">
        <div>
          <h1>Runs</h1>
          <p className="muted">Every run, newest first. New runs appear as they start. Runs that another run's node started are listed with “Show child runs”.</p>
        </div>
      </header>
      <RunFiltersBar filters={filters} workflows={workflows} agents={agents} onChange={setFilters} />
      {list.error !== null && <ErrorBanner error={list.error} onRetry={() => void load(filters, list.items.length > 0 ? list.nextCursor : null)} />}
      <div className="card run-list">
        <div className="run-row run-row-head" role="row">
          <span>Status</span>
          <span>Workflow</span>
          <span>Run</span>
          <span>Trigger</span>
          <span>Started</span>
          <span>Duration</span>
        </div>
        {list.items.length === 0 && !list.loading ? (
          <div className="empty-state compact">
            <p className="muted">{Object.keys(filters).length > 0 ? 'No run matches these filters.' : 'No runs yet. Start one from a workflow.'}</p>
          </div>
        ) : (
          <VirtualList
            className="run-rows"
            testId="run-rows"
            items={list.items}
            rowHeight={RUN_ROW_HEIGHT_PX}
            rowKey={(run) => run.id}
            onNearEnd={loadMore}
            renderRow={(run) => {
              const duration = runDurationMs(run, now);
              const iteration = childIteration(run);
              return (
                <button type="button" className="run-row" data-run-id={run.id} onClick={() => navigate({ page: 'run', runId: run.id })}>
                  <span className="run-cell-status">
                    <StatusBadge status={run.status} />
                  </span>
                  <span className="run-row-workflow run-cell-workflow">
                    {run.workflowName} <span className="version-chip">v{run.workflowVersion}</span>
                    {iteration && (
                      <span className="muted run-row-child" title={`started by node ${run.parentNodeId ?? ''} of run ${run.parentRunId ?? ''}`}>
                        ↳ {run.parentNodeId} #{iteration.index}
                      </span>
                    )}
                  </span>
                  <span className="muted run-cell-id" title={run.id}>
                    <code>{shortRunId(run)}</code>
                  </span>
                  <span className="muted run-cell-trigger">{run.trigger}</span>
                  <span className="run-cell-started" title={run.createdAt}>
                    {formatRelative(run.createdAt, now)}
                  </span>
                  <span className="muted run-cell-duration">{duration !== null ? formatDuration(duration) : '—'}</span>
                </button>
              );
            }}
          />
        )}
        <div className="run-list-footer muted small" data-testid="run-list-footer">
          {list.loading ? 'Loading…' : `${list.items.length} run${list.items.length === 1 ? '' : 's'}${list.nextCursor ? ' · scroll for more' : ''}`}
          {list.nextCursor && !list.loading && (
            <button type="button" className="button button-small" onClick={loadMore}>
              Load more
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
