import { useEffect, useState } from 'react';
import { auditApi, type AuditEntry, type AuditFilters } from '../api/people.api';
import { ErrorBanner } from '../ui/ErrorText';

/** The audit log (admins only): filters by actor, action and target, newest first, "Older" for the next page. */
export function AuditPage() {
  const [draft, setDraft] = useState<AuditFilters>({});
  const [filters, setFilters] = useState<AuditFilters>({});
  const [entries, setEntries] = useState<readonly AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  const load = (from: string | null, append: boolean) => {
    setBusy(true);
    setError(undefined);
    auditApi.page(filters, from).then(
      (page) => {
        setEntries((before) => (append ? [...before, ...page.items] : page.items));
        setCursor(page.nextCursor);
        setBusy(false);
      },
      (failure: unknown) => {
        setError(failure);
        setBusy(false);
      },
    );
  };
  useEffect(() => load(null, false), [filters]);

  const field = (name: keyof AuditFilters, label: string) => (
    <input aria-label={label} placeholder={label} value={draft[name] ?? ''} onChange={(event) => setDraft({ ...draft, [name]: event.target.value })} />
  );
  return (
    <div className="page" data-testid="audit-page">
      <header className="page-header">
        <div>
          <h1>Audit log</h1>
          <p className="muted">Who did what, to what, from where, newest first. Entries cannot be changed or deleted.</p>
        </div>
      </header>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          setFilters(draft);
        }}
      >
        {field('actor', 'Actor')}
        {field('action', 'Action')}
        {field('target', 'Target')}
        <button type="submit" className="button">
          Filter
        </button>
      </form>
      {error !== undefined && <ErrorBanner error={error} onRetry={() => load(null, false)} />}
      <table className="table" data-testid="audit-table">
        <thead>
          <tr>
            <th>Time</th>
            <th>Actor</th>
            <th>Action</th>
            <th>Target</th>
            <th>From</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id} data-testid="audit-row" data-action={entry.action}>
              <td title={entry.at}>{new Date(entry.at).toLocaleString()}</td>
              <td>
                {entry.actorName} <span className="muted">({entry.actorType})</span>
              </td>
              <td className="mono">{entry.action}</td>
              <td className="mono small">{entry.target ?? '—'}</td>
              <td className="mono small">{entry.sourceAddress ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {cursor && (
        <button type="button" className="button" disabled={busy} onClick={() => load(cursor, true)} data-testid="audit-older">
          Older
        </button>
      )}
    </div>
  );
}
