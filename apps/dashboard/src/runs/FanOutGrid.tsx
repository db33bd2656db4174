import type { NodeRunRecord, NodeTaskRecord } from '@runtime-hub/protocol';
import { memo, useContext, useMemo, useState } from 'react';
import { Modal } from '../ui/Modal';
import { StatusBadge } from '../ui/StatusBadge';
import { useClockWhile } from '../ui/use-now';
import { hostStatusCounts, latestTaskPerAgent } from './node-run.presentation';
import { formatDuration } from './run-format';
import { RunViewContext } from './run-view-context';

type HostFilter = NodeTaskRecord['status'] | 'all';

/**
 * A fan-out node's hosts: one cell per agent with its task's state, attempt and time, and
 * buttons that narrow the grid to one state ("the 3 failed of 1,000"). A cell re-renders
 * only when its task changes, or each second while it runs.
 */
export function FanOutGrid({ record, agentName, onClose }: { record: NodeRunRecord; agentName: (agentId: string) => string; onClose: () => void }) {
  const [filter, setFilter] = useState<HostFilter>('all');
  const tasks = useMemo(() => latestTaskPerAgent(record.tasks).sort((a, b) => agentName(a.agentId).localeCompare(agentName(b.agentId))), [record.tasks, agentName]);
  const counts = useMemo(() => hostStatusCounts(tasks), [tasks]);
  const shown = filter === 'all' ? tasks : tasks.filter((task) => task.status === filter);
  return (
    <Modal title={`${record.nodeId}: ${tasks.length} host${tasks.length === 1 ? '' : 's'}`} onClose={onClose} wide>
      {tasks.length === 0 && <p className="muted">No task has been dispatched yet{record.waitingReason ? `: ${record.waitingReason}` : '.'}</p>}
      {tasks.length > 0 && (
        <div className="host-filters" role="group" aria-label="Show hosts">
          <FilterButton label={`all ${tasks.length}`} active={filter === 'all'} onClick={() => setFilter('all')} />
          {counts.map(([status, count]) => (
            <FilterButton key={status} label={`${status} ${count}`} active={filter === status} onClick={() => setFilter(status)} />
          ))}
        </div>
      )}
      <div className="host-grid" data-testid="host-grid">
        {shown.map((task) => (
          <HostCell key={task.agentId} task={task} name={agentName(task.agentId)} />
        ))}
      </div>
    </Modal>
  );
}

function FilterButton({ label, active, onClick }: { label: string; active: boolean; onClick: () => void }) {
  return (
    <button type="button" className={`host-filter${active ? ' host-filter-active' : ''}`} aria-pressed={active} onClick={onClick}>
      {label}
    </button>
  );
}

const HostCell = memo(function HostCell({ task, name }: { task: NodeTaskRecord; name: string }) {
  const { clock } = useContext(RunViewContext);
  const running = task.startedAt !== null && task.finishedAt === null;
  const now = useClockWhile(clock, running);
  const end = task.finishedAt ? Date.parse(task.finishedAt) : now;
  const duration = task.startedAt ? Math.max(0, end - Date.parse(task.startedAt)) : null;
  return (
    <div className={`host-cell node-status-${task.status}`} data-agent={task.agentId}>
      <div className="host-name" title={task.agentId}>
        {name}
      </div>
      <StatusBadge status={task.status} />
      <div className="host-meta muted small">
        {duration !== null ? formatDuration(duration) : 'not started'}
        {task.attempt > 1 ? ` · attempt ${task.attempt}` : ''}
      </div>
      {task.error && <div className="host-error">{task.error.message}</div>}
    </div>
  );
});
