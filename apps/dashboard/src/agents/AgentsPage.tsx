import { AGENTS_CLOCK_TICK_MS } from '../app/settings';
import { formatRelative } from '../runs/run-format';
import { ErrorBanner } from '../ui/ErrorText';
import { StatusBadge } from '../ui/StatusBadge';
import { useNow } from '../ui/use-now';
import { AgentMetrics } from './AgentMetrics';
import { useFleet } from './use-fleet';
import { desktopSessionLabel } from './desktop-session';

/**
 * Every enrolled agent, live: state, declaration, running tasks and heartbeat follow
 * `agent:updated`, and relative times tick.
 */
export function AgentsPage() {
  const { agents, error, reload } = useFleet();
  const now = useNow(AGENTS_CLOCK_TICK_MS);

  const online = agents?.filter((agent) => agent.status === 'online').length ?? 0;
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Agents</h1>
          <p className="muted">{agents ? `${online} online of ${agents.length} enrolled` : 'Hosts that run nodes.'}</p>
        </div>
      </header>
      {error !== null && <ErrorBanner error={error} onRetry={reload} />}
      {agents !== null && agents.length === 0 && (
        <div className="empty-state">
          <h2>No agent has enrolled yet</h2>
          <p className="muted">
            Start one with <code>runtime-hub worker --url … --enroll-token …</code>.
          </p>
        </div>
      )}
      {agents !== null && agents.length > 0 && (
        <div className="agent-grid" data-testid="agent-list">
          {agents.map((agent) => (
            <article key={agent.id} className={`agent-card agent-${agent.status}`} data-agent={agent.name}>
              <header className="agent-card-header">
                <div>
                  <h2>{agent.name}</h2>
                  <p className="muted small">
                    {agent.hostname} · {agent.kind} · {agent.os}/{agent.arch} · v{agent.version}
                  </p>
                </div>
                <StatusBadge status={agent.status} />
              </header>
              <div className="agent-load">
                <div className="load-bar" aria-label={`${agent.runningTasks} of ${agent.concurrency} task slots busy`}>
                  <div className="load-fill" style={{ width: `${Math.min(100, (agent.runningTasks / agent.concurrency) * 100)}%` }} />
                </div>
                <span className="small" data-testid="agent-running">
                  {agent.runningTasks}/{agent.concurrency} running
                </span>
              </div>
              <dl className="facts compact">
                <dt>Labels</dt>
                <dd className="chips">{agent.labels.length > 0 ? agent.labels.map((label) => <span key={label} className="chip">{label}</span>) : <span className="muted">none</span>}</dd>
                <dt>Capabilities</dt>
                <dd className="chips">
                  {agent.capabilities.map((capability) => (
                    <span key={capability} className="chip chip-muted">
                      {capability}
                    </span>
                  ))}
                </dd>
                <dt>Desktop</dt>
                <dd data-testid="agent-session" className={`session-${desktopSessionLabel(agent.session).tone}`}>
                  {desktopSessionLabel(agent.session).text}
                </dd>
                <dt>Heartbeat</dt>
                <dd title={agent.lastHeartbeatAt} data-testid="agent-heartbeat">
                  {formatRelative(agent.lastHeartbeatAt, now)}
                </dd>
              </dl>
              {agent.kind === 'python' && <AgentMetrics agentId={agent.id} />}
            </article>
          ))}
        </div>
      )}
    </div>
  );
}
