import type { SecretRecord } from '@runtime-hub/protocol';
import { useState } from 'react';
import { secretsApi } from '../api/secrets.api';
import { formatRelative } from '../runs/run-format';
import { useActions } from '../triggers/use-trigger-actions';
import { useRefreshing } from '../triggers/use-refreshing';
import { ErrorBanner } from '../ui/ErrorText';
import { useToast } from '../ui/Toasts';
import { SecretDialog } from './SecretDialog';

/**
 * The secret store: names, the labels an agent needs to receive each, the key it is encrypted
 * under, who changed it when. Values are never shown: the coordinator does not answer them.
 * New secret, replace a value, delete.
 */
export function SecretsPage() {
  // Read again every few seconds (secrets set with the CLI show up); no run update concerns it.
  const { value, error, reload } = useRefreshing(() => secretsApi.list(), 'secrets', () => false);
  const [dialog, setDialog] = useState<{ replacing: SecretRecord | null } | null>(null);
  const act = useActions(reload);
  const notify = useToast();
  const now = Date.now();
  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Secrets</h1>
          <p className="muted">
            Values a node's config reads as <code>{'{{ secrets.NAME }}'}</code>. They are encrypted at rest, put into a task only when it is sent to its agent,
            and shown as <code>***</code> in logs and outputs. Nobody can read one back.
          </p>
        </div>
        <button type="button" className="button button-primary" onClick={() => setDialog({ replacing: null })} data-testid="new-secret">
          New secret
        </button>
      </header>
      {error !== undefined && <ErrorBanner error={error} onRetry={reload} />}
      {value !== undefined && value.length === 0 && (
        <div className="empty-state">
          <h2>No secrets yet</h2>
          <p className="muted">New secret, or: printf %s "$VALUE" | runtime-hub secrets set NAME</p>
        </div>
      )}
      {value !== undefined && value.length > 0 && (
        <div className="card table-scroll">
          <table className="table" data-testid="secret-list">
            <thead>
              <tr>
                <th>Name</th>
                <th>Agents</th>
                <th>Key</th>
                <th>Updated</th>
                <th>By</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {value.map((secret) => (
                <tr key={secret.name} data-secret={secret.name}>
                  <td className="strong mono">{secret.name}</td>
                  <td>{secret.labels.length > 0 ? secret.labels.map((label) => <span key={label} className="chip">{label}</span>) : <span className="muted">any agent</span>}</td>
                  <td className="mono small">{secret.keyId}</td>
                  <td className="muted small" title={new Date(secret.updatedAt).toLocaleString()}>
                    {formatRelative(secret.updatedAt, now)}
                  </td>
                  <td className="small">{secret.updatedBy ?? <span className="muted">—</span>}</td>
                  <td className="row-actions">
                    <button type="button" className="button button-small" onClick={() => setDialog({ replacing: secret })} data-testid="replace-secret">
                      Replace value
                    </button>
                    <button
                      type="button"
                      className="button button-small button-danger-ghost"
                      onClick={() => window.confirm(`Delete secret "${secret.name}"? Runs that use it will be refused.`) && act(secretsApi.remove(secret.name), `"${secret.name}" deleted`)}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {dialog && (
        <SecretDialog
          replacing={dialog.replacing}
          onClose={() => setDialog(null)}
          onSaved={(secret) => {
            setDialog(null);
            notify('success', dialog.replacing ? `The value of "${secret.name}" was replaced` : `Secret "${secret.name}" created`);
            reload();
          }}
        />
      )}
    </div>
  );
}
