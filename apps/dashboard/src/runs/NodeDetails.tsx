import type { NodeRunRecord } from '@runtime-hub/protocol';
import { StatusBadge } from '../ui/StatusBadge';
import { formatDuration, nodeDurationMs } from './run-format';
import { OUTPUT_PREVIEW_MAX_CHARS } from '../app/settings';
import { DECIDED_BY_COORDINATOR_LABEL, decidedByCoordinator } from '@runtime-hub/nodes';

/** The selected node of a run: its state, timings, agent, error and output. */
export function NodeDetails({ record, agentName, now, onClose }: { record: NodeRunRecord; agentName: (agentId: string) => string; now: number; onClose: () => void }) {
  const duration = nodeDurationMs(record, now);
  const hosts = new Set(record.tasks.map((task) => task.agentId)).size;
  const output = record.output === null || record.output === undefined ? null : JSON.stringify(record.output, null, 2);
  return (
    <aside className="node-details" aria-label={`Node ${record.nodeId}`} data-testid="node-details">
      <header className="inspector-header">
        <div>
          <h2>{record.nodeId}</h2>
          <p className="muted small">{record.type}</p>
        </div>
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
          ×
        </button>
      </header>
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <StatusBadge status={record.status} />
        </dd>
        {record.waitingReason && (
          <>
            <dt>Waiting for</dt>
            <dd>{record.waitingReason}</dd>
          </>
        )}
        <dt>Attempt</dt>
        <dd>{record.attempt}</dd>
        <dt>Agent</dt>
        <dd>
          {record.agentId
            ? agentName(record.agentId)
            : hosts > 0
              ? `${hosts} host${hosts === 1 ? '' : 's'} (fan-out)`
              : decidedByCoordinator(record)
                ? DECIDED_BY_COORDINATOR_LABEL
                : '—'}
        </dd>
        <dt>Duration</dt>
        <dd>{duration !== null ? formatDuration(duration) : '—'}</dd>
        {record.port && (
          <>
            <dt>Fired</dt>
            <dd>
              <code>{record.port}</code>
            </dd>
          </>
        )}
      </dl>
      {record.error && (
        <div className="banner banner-error">
          <strong>{record.error.code}</strong> {record.error.message}
        </div>
      )}
      {output !== null && (
        <>
          <h3>Output</h3>
          <pre className="output">{output.length > OUTPUT_PREVIEW_MAX_CHARS ? `${output.slice(0, OUTPUT_PREVIEW_MAX_CHARS)}\n…` : output}</pre>
        </>
      )}
    </aside>
  );
}
