import type { RunLogRecord } from '@runtime-hub/protocol';
import { memo, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { LOG_PANEL_DEFAULT_HEIGHT_PX, LOG_PANEL_KEY_STEP_PX } from '../app/settings';
import { clampLogPanelHeight } from './log-panel-size';
import { VirtualList } from './VirtualList';

/** Height of one log line; lines are cut to one row (the full line is in its tooltip). */
const LOG_ROW_HEIGHT_PX = 22;

/**
 * The run's log, as it streams: filterable by node and by host, following the tail. It
 * re-renders only when lines arrive, not on every node update of the run. Without lines it
 * is a header only, leaving the graph the room; with lines its top edge can be dragged (or
 * moved with the arrow keys) to make it taller or shorter.
 */
export const LogPanel = memo(function LogPanel({ logs, nodeIds, agentName }: { logs: readonly RunLogRecord[]; nodeIds: readonly string[]; agentName: (agentId: string) => string }) {
  const [node, setNode] = useState('');
  const [host, setHost] = useState('');
  const hosts = useMemo(() => [...new Set(logs.map((line) => line.agentId).filter((id): id is string => id !== null))], [logs]);
  const shown = useMemo(() => logs.filter((line) => (node === '' || line.nodeId === node) && (host === '' || line.agentId === host)), [logs, node, host]);
  const [height, setHeight] = useState(LOG_PANEL_DEFAULT_HEIGHT_PX);
  const panel = useRef<HTMLElement>(null);
  const empty = logs.length === 0;

  /** The run view's height: what the panel may take a share of. */
  const available = () => panel.current?.parentElement?.getBoundingClientRect().height ?? window.innerHeight;
  const resizeTo = (wanted: number) => setHeight(clampLogPanelHeight(wanted, available()));
  const startDrag = (event: PointerEvent<HTMLDivElement>) => {
    const startY = event.clientY;
    const startHeight = panel.current?.getBoundingClientRect().height ?? height;
    event.currentTarget.setPointerCapture(event.pointerId);
    const handle = event.currentTarget;
    const move = (moved: globalThis.PointerEvent) => resizeTo(startHeight + startY - moved.clientY);
    const end = () => {
      handle.removeEventListener('pointermove', move);
      handle.removeEventListener('pointerup', end);
      handle.removeEventListener('pointercancel', end);
    };
    handle.addEventListener('pointermove', move);
    handle.addEventListener('pointerup', end);
    handle.addEventListener('pointercancel', end);
  };
  const keyResize = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
    event.preventDefault();
    resizeTo(height + (event.key === 'ArrowUp' ? LOG_PANEL_KEY_STEP_PX : -LOG_PANEL_KEY_STEP_PX));
  };

  return (
    <section ref={panel} className={`log-panel${empty ? ' log-panel-empty' : ''}`} aria-label="Run log" data-testid="log-panel" style={empty ? undefined : { height }}>
      {!empty && (
        <div
          className="log-resizer"
          role="separator"
          aria-orientation="horizontal"
          aria-label="Resize the log"
          aria-valuenow={height}
          tabIndex={0}
          onPointerDown={startDrag}
          onKeyDown={keyResize}
          data-testid="log-resizer"
        />
      )}
      <header className="log-header">
        <h3>Log</h3>
        <span className="muted small" data-testid="log-count">
          {empty ? 'No output yet' : shown.length === logs.length ? lineCount(logs.length) : `${shown.length} of ${lineCount(logs.length)}`}
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
      {empty ? null : shown.length === 0 ? (
        <div className="log-empty muted">No line matches these filters.</div>
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

function lineCount(count: number): string {
  return `${count} line${count === 1 ? '' : 's'}`;
}
