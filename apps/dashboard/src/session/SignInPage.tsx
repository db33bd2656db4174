import { useState, type FormEvent } from 'react';
import type { SessionInfo } from '../api/session.api';
import { sessionApi } from '../api/session.api';
import { errorMessage } from '../ui/ErrorText';

/**
 * Asks for an API token once. The coordinator answers with an HttpOnly session cookie and
 * the token itself is dropped: page scripts never hold a credential.
 */
export function SignInPage({ onSignedIn }: { onSignedIn: (session: SessionInfo) => void }) {
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await sessionApi.signIn(token.trim());
      setToken('');
      onSignedIn(session);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="sign-in-page">
      <form className="sign-in-card" onSubmit={submit}>
        <div className="brand brand-large">
          <img src="/favicon.svg" alt="" width={40} height={40} />
          <span>Runtime Hub</span>
        </div>
        <h1>Sign in</h1>
        <p className="muted">Paste an API token. The dashboard keeps a session cookie, never the token.</p>
        <label className="field">
          <span className="field-label">API token</span>
          <input
            type="password"
            name="token"
            autoComplete="off"
            placeholder="rh_…"
            value={token}
            onChange={(event) => setToken(event.target.value)}
            autoFocus
            required
          />
        </label>
        {error && (
          <div className="banner banner-error" role="alert">
            {error}
          </div>
        )}
        <button type="submit" className="button button-primary button-block" disabled={busy || token.trim() === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="hint">
          <code>runtime-hub up</code> prints where the admin token is; <code>POST /api/tokens</code> makes more.
        </p>
      </form>
    </div>
  );
}
