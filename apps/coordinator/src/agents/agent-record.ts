import type { AgentRow } from '@runtime-hub/db';
import type { AgentRecord, DesktopSession } from '@runtime-hub/protocol';

/** What memory knows of an agent beyond its row: whether it is online, what it runs, its desktop session. */
export interface AgentLiveState {
  readonly online: boolean;
  readonly runningTasks: number;
  /** As last reported; absent while offline. */
  readonly session?: DesktopSession;
}

/** An agent as the REST API and dashboards see it. Online-ness comes from memory, the rest from the row. */
export function toAgentRecord(row: AgentRow, live: AgentLiveState): AgentRecord {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    os: row.os,
    arch: row.arch,
    hostname: row.hostname,
    labels: [...row.labels],
    capabilities: [...row.capabilities],
    concurrency: row.concurrency,
    status: row.status === 'revoked' ? 'revoked' : live.online ? 'online' : 'offline',
    lastHeartbeatAt: row.lastHeartbeatAt.toISOString(),
    version: row.version,
    runningTasks: live.online ? live.runningTasks : 0,
    connectedAt: row.connectedAt.toISOString(),
    session: live.online ? (live.session ?? 'none') : null,
  };
}
