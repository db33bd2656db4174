import type { BatchItemStatus, NodeRunStatus, RunStatus } from '@runtime-hub/protocol';

/** Run, node and task statuses as one coloured pill; colours are in styles (`.status-<name>`). */
export function StatusBadge({ status, label }: { status: RunStatus | NodeRunStatus | BatchItemStatus | 'online' | 'offline' | 'revoked'; label?: string }) {
  return (
    <span className={`status-badge status-${status}`} data-status={status}>
      <span className="status-dot" aria-hidden="true" />
      {label ?? status}
    </span>
  );
}
