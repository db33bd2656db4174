import type { NodeRunRecord } from '@runtime-hub/protocol';
import { Modal } from '../ui/Modal';
import { StatusBadge } from '../ui/StatusBadge';
import { latestTaskPerAgent } from './node-run.presentation';
import { formatDuration } from './run-format';

/** A fan-out node's hosts: one cell per agent with its task's state, attempt and time. */
export function FanOutGrid({ record, agentName, now, onClose }: { record: NodeRunRecord; agentName: (agentId: string) => string; now: number; onClose: () => void }) {
  const tasks = latestTaskPerAgent(record.tasks).sort((a, b) => agentName(a.agentId).localeCompare(agentName(b.agentId)));
  return (
    <Modal title={`${record.nodeId}: ${tasks.length} host${tasks.length === 1 ? '' : 's'}`} onClose={onClose} wide>
      {tasks.length === 0 && <p className="muted">No task has been dispatched yet{record.waitingReason ? `: ${record.waitingReason}` : '.'}</p>}
      <div className="host-grid" data-testid="host-grid">
        {tasks.map((task) => {
          const end = task.finishedAt ? Date.parse(task.finishedAt) : now;
          const duration = task.startedAt ? end - Date.parse(task.startedAt) : null;
          return (
            <div key={task.agentId} className={`host-cell node-status-${task.status}`} data-agent={task.agentId}>
              <div className="host-name" title={task.agentId}>
                {agentName(task.agentId)}
              </div>
              <StatusBadge status={task.status} />
              <div className="host-meta muted small">
                {duration !== null ? formatDuration(duration) : 'not started'}
                {task.attempt > 1 ? ` · attempt ${task.attempt}` : ''}
              </div>
              {task.error && <div className="host-error">{task.error.message}</div>}
            </div>
          );
        })}
      </div>
    </Modal>
  );
}
