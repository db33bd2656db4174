import { useEffect, useState } from 'react';
import { useCan } from '../session/permissions';
import type { VersionDiff } from '../api/workflow.views';
import { workflowsApi } from '../api/workflows.api';
import { DiffView } from '../diff/DiffView';
import { formatRelative } from '../runs/run-format';
import { ErrorBanner, errorMessage } from '../ui/ErrorText';
import { useAsync } from '../ui/use-async';

/**
 * The version history of a saved workflow, newest first. Choosing a version shows what
 * changed from it to the one compared with (the latest by default); an older version can be
 * restored, which copies it forward as a new version.
 */
export function VersionsPanel({ workflowId, latestVersion, dirty, onRestored }: { workflowId: string; latestVersion: number; dirty: boolean; onRestored: (version: number) => void }) {
  const { state, reload } = useAsync(() => workflowsApi.versions(workflowId), `${workflowId}:${latestVersion}`);
  const [from, setFrom] = useState<number | null>(latestVersion > 1 ? latestVersion - 1 : null);
  const [to, setTo] = useState(latestVersion);
  const [diff, setDiff] = useState<{ diff: VersionDiff } | { error: unknown } | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [restoring, setRestoring] = useState(false);
  const [restoreError, setRestoreError] = useState<string | null>(null);

  useEffect(() => {
    if (from === null || from === to) return setDiff(null);
    let current = true;
    workflowsApi.diff(workflowId, Math.min(from, to), Math.max(from, to)).then(
      (result) => current && setDiff({ diff: result }),
      (error: unknown) => current && setDiff({ error }),
    );
    return () => {
      current = false;
    };
  }, [workflowId, from, to]);

  const canRestore = useCan('workflows.write');
  const restore = async (version: number) => {
    setRestoring(true);
    setRestoreError(null);
    try {
      const result = await workflowsApi.restore(workflowId, version);
      setConfirming(null);
      onRestored(result.version);
    } catch (error) {
      setRestoreError(errorMessage(error));
    } finally {
      setRestoring(false);
    }
  };

  return (
    <div className="inspector versions-panel" data-testid="versions-panel">
      <header className="inspector-header">
        <div>
          <h2>Version history</h2>
          <p className="muted small">Choose a version to see what changed up to v{to}.</p>
        </div>
      </header>
      {state.status === 'failed' && <ErrorBanner error={state.error} onRetry={reload} />}
      {state.status === 'ready' && (
        <>
          <ol className="version-list">
            {state.value.map((version) => (
              <li key={version.version} className={`version-row${from === version.version ? ' selected' : ''}`} data-version={version.version}>
                <button type="button" className="version-main" onClick={() => setFrom(version.version)} aria-pressed={from === version.version}>
                  <span className="version-chip">v{version.version}</span>
                  <span className="version-message">{version.message ?? <span className="muted">no message</span>}</span>
                  <span className="version-meta muted small" title={version.createdAt}>
                    {formatRelative(version.createdAt, Date.now())}
                    {version.createdBy ? ` · ${version.createdBy}` : ''}
                  </span>
                </button>
                {version.version === latestVersion ? (
                  <span className="version-latest">latest</span>
                ) : confirming === version.version ? (
                  <span className="version-confirm">
                    {dirty && <span className="small warning-text">Unsaved changes will be replaced. </span>}
                    <button type="button" className="button button-small button-primary" disabled={restoring} onClick={() => restore(version.version)}>
                      Restore v{version.version}
                    </button>
                    <button type="button" className="button button-small" onClick={() => setConfirming(null)}>
                      Cancel
                    </button>
                  </span>
                ) : canRestore ? (
                  <button type="button" className="button button-small" onClick={() => setConfirming(version.version)}>
                    Restore…
                  </button>
                ) : null}
              </li>
            ))}
          </ol>
          {restoreError && <div className="banner banner-error">{restoreError}</div>}
          <div className="diff-controls">
            <label className="field compact">
              <span className="field-label">compare with</span>
              <select value={to} onChange={(event) => setTo(Number(event.target.value))}>
                {state.value.map((version) => (
                  <option key={version.version} value={version.version}>
                    v{version.version}
                    {version.version === latestVersion ? ' (latest)' : ''}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {diff && 'diff' in diff && <DiffView diff={diff.diff} />}
          {diff && 'error' in diff && <ErrorBanner error={diff.error} />}
          {from === null && <p className="muted small">Only one version so far.</p>}
        </>
      )}
    </div>
  );
}
