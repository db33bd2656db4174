import type { AgentRow } from '@runtime-hub/db';
import type { AgentRecord, DesktopSession } from '@runtime-hub/protocol';
import type { OnlineAgent } from './agent-registry';

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

/** An online agent as memory knows it, without a query: what live updates of its load carry. */
export function onlineAgentRecord(agent: OnlineAgent, runningTasks: number): AgentRecord {
  const { registration } = agent;
  return {
    id: agent.id,
    name: agent.name,
    kind: agent.kind,
    os: registration.os,
    arch: registration.arch,
    hostname: registration.hostname,
    labels: [...agent.labels],
    capabilities: [...agent.capabilities],
    concurrency: registration.concurrency,
    status: 'online',
    lastHeartbeatAt: agent.lastHeartbeatAt.toISOString(),
    version: registration.version,
    runningTasks,
    connectedAt: agent.connectedAt.toISOString(),
    session: agent.session,
  };
}
