import type { RunLogRecord } from '@runtime-hub/protocol';
import { memo, useMemo, useState } from 'react';
import { VirtualList } from './VirtualList';

/** Height of one log line; lines are cut to one row (the full line is in its tooltip). */
const LOG_ROW_HEIGHT_PX = 22;

/**
 * The run's log, as it streams: filterable by node and by host, following the tail. It
 * re-renders only when lines arrive, not on every node update of the run.
 */
export const LogPanel = memo(function LogPanel({ logs, nodeIds, agentName }: { logs: readonly RunLogRecord[]; nodeIds: readonly string[]; agentName: (agentId: string) => string }) {
  const [node, setNode] = useState('');
  const [host, setHost] = useState('');
  const hosts = useMemo(() => [...new Set(logs.map((line) => line.agentId).filter((id): id is string => id !== null))], [logs]);
  const shown = useMemo(() => logs.filter((line) => (node === '' || line.nodeId === node) && (host === '' || line.agentId === host)), [logs, node, host]);
  return (
    <section className="log-panel" aria-label="Run log">
      <header className="log-header">
        <h3>Log</h3>
        <span className="muted small" data-testid="log-count">
          {shown.length === logs.length ? `${logs.length} lines` : `${shown.length} of ${logs.length} lines`}
        </span>
        <div className="log-filters">
          <select value={node} onChange={(event) => setNode(event.target.value)} aria-label="Filter by node">
            <option value="">all nodes</option>
            {nodeIds.map((id) => (
              <option key={id} value={id}>
                {id}
              </option>
            ))}
          </select>
          <select value={host} onChange={(event) => setHost(event.target.value)} aria-label="Filter by host">
            <option value="">all hosts</option>
            {hosts.map((id) => (
              <option key={id} value={id}>
                {agentName(id)}
              </option>
            ))}
          </select>
        </div>
      </header>
      {shown.length === 0 ? (
        <div className="log-empty muted">{logs.length === 0 ? 'No output yet.' : 'No line matches these filters.'}</div>
      ) : (
        <VirtualList
          className="log-lines"
          testId="log-lines"
          items={shown}
          rowHeight={LOG_ROW_HEIGHT_PX}
          rowKey={(line) => line.id}
          stickToBottom
          renderRow={(line) => (
            <div className={`log-line log-${line.stream}`} title={line.line}>
              <span className="log-time">{line.at.slice(11, 23)}</span>
              <span className="log-node">{line.nodeId}</span>
              <span className="log-host">{line.agentId ? agentName(line.agentId) : '—'}</span>
              <span className="log-text">{line.line}</span>
            </div>
          )}
        />
      )}
    </section>
  );
});
