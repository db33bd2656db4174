import type { RunSummary } from '@runtime-hub/protocol';
import { Link } from '../app/Link';
import { StatusBadge } from '../ui/StatusBadge';
import { childIteration, shortRunId } from './child-runs';
import { formatDuration, runDurationMs } from './run-format';

/** The runs this run's nodes started: node, iteration, status and duration, each a link. */
export function ChildRunsPanel({ children, more, now, onClose }: { children: readonly RunSummary[]; more: boolean; now: number; onClose: () => void }) {
  return (
    <aside className="node-details child-runs" aria-label="Child runs" data-testid="child-runs">
      <header className="inspector-header">
        <div>
          <h2>Child runs</h2>
          <p className="muted small">Started by this run's workflow.call, foreach and repeat nodes.</p>
        </div>
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </header>
      <table className="table child-run-table">
        <thead>
          <tr>
            <th>Node</th>
            <th>#</th>
            <th>Status</th>
            <th>Duration</th>
          </tr>
        </thead>
        <tbody>
          {children.map((child) => {
            const iteration = childIteration(child);
            const duration = runDurationMs(child, now);
            return (
              <tr key={child.id} data-child-run-id={child.id}>
                <td>
                  <Link to={{ page: 'run', runId: child.id }} title={`run ${shortRunId(child)}`}>
                    {child.parentNodeId}
                  </Link>
                </td>
                <td className="child-run-index">{iteration ? `${iteration.index}${iteration.attempt > 1 ? ` (attempt ${iteration.attempt})` : ''}` : ''}</td>
                <td>
                  <StatusBadge status={child.status} />
                </td>
                <td className="muted">{duration !== null ? formatDuration(duration) : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {more && <p className="muted small">More child runs than shown here: the run history lists them all (Show child runs).</p>}
    </aside>
  );
}
