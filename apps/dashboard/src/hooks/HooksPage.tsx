import { Link } from '../app/Link';
import { hooksApi } from '../api/triggers.api';
import { formatRelative } from '../runs/run-format';
import { useRefreshing } from '../triggers/use-refreshing';
import { ErrorBanner } from '../ui/ErrorText';

/**
 * Every webhook trigger: its URL, how callers prove themselves, the inputs it maps, its rate
 * limit and last call. Hooks are made with `runtime-hub hooks create` or `POST /api/hooks`,
 * which answer the secret once; this page never shows one.
 */
export function HooksPage({ markedId }: { markedId: string | null }) {
  const { value, error, reload } = useRefreshing(() => hooksApi.list(), 'hooks', (run) => run.trigger === 'hook');
  const now = Date.now();
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Webhooks</h1>
          <p className="muted">
            A signed or token-carrying <code>POST</code> to a hook's URL starts its workflow. Create one with <code>runtime-hub hooks create</code>.
          </p>
        </div>
      </header>
      {error !== undefined && <ErrorBanner error={error} onRetry={reload} />}
      {value !== undefined && value.length === 0 && (
        <div className="empty-state">
          <h2>No webhooks yet</h2>
          <p className="muted">runtime-hub hooks create NAME --workflow WORKFLOW</p>
        </div>
      )}
      {value !== undefined && value.length > 0 && (
        <div className="card table-scroll">
          <table className="table" data-testid="hook-list">
            <thead>
              <tr>
                <th>Name</th>
                <th>Workflow</th>
                <th>URL</th>
                <th>Auth</th>
                <th>Inputs</th>
                <th>Per minute</th>
                <th>Last call</th>
              </tr>
            </thead>
            <tbody>
              {value.map((hook) => (
                <tr key={hook.id} data-hook={hook.name} className={hook.id === markedId ? 'marked-row' : undefined}>
                  <td className="strong">{hook.name}</td>
                  <td>
                    <Link to={{ page: 'editor', workflowId: hook.workflowId }}>{hook.workflowName}</Link>
                  </td>
                  <td className="mono small">POST {`${window.location.origin}${hook.path}`}</td>
                  <td>{hook.auth}</td>
                  <td className="small">{hook.inputMap ? Object.entries(hook.inputMap).map(([name, from]) => `${name} ← ${from}`).join(', ') : 'declared inputs from the body'}</td>
                  <td>{hook.rateLimitPerMinute}</td>
                  <td className="muted small">{hook.lastCalledAt ? formatRelative(hook.lastCalledAt, now) : 'never'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
