import { useState, type FormEvent } from 'react';
import type { SessionInfo, SignInCredentials } from '../api/session.api';
import { sessionApi } from '../api/session.api';
import { errorMessage } from '../ui/ErrorText';

/**
 * Signs in with email and password, or with an API token (two forms on one card). The
 * coordinator answers with an HttpOnly session cookie and the credentials are dropped: page
 * scripts never hold one.
 */
export function SignInPage({ onSignedIn }: { onSignedIn: (session: SessionInfo) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const signIn = async (event: FormEvent, credentials: SignInCredentials) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await sessionApi.signIn(credentials);
      setToken('');
      setPassword('');
      onSignedIn(session);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="sign-in-page">
      <div className="sign-in-card">
        <div className="brand brand-large">
          <img src="/favicon.svg" alt="" width={40} height={40} />
          <span>Runtime Hub</span>
        </div>
        <h1>Sign in</h1>
        <form onSubmit={(event) => void signIn(event, { email: email.trim(), password })} data-testid="password-sign-in">
          <label className="field">
            <span className="field-label">Email</span>
            <input type="email" name="email" autoComplete="username" value={email} onChange={(event) => setEmail(event.target.value)} autoFocus required />
          </label>
          <label className="field">
            <span className="field-label">Password</span>
            <input type="password" name="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} required />
          </label>
          <button type="submit" className="button button-primary button-block" disabled={busy || email.trim() === '' || password === ''}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
        <form onSubmit={(event) => void signIn(event, { token: token.trim() })} data-testid="token-sign-in">
          <p className="muted">Or paste an API token. The dashboard keeps a session cookie, never the token.</p>
          <label className="field">
            <span className="field-label">API token</span>
            <input type="password" name="token" autoComplete="off" placeholder="rh_…" value={token} onChange={(event) => setToken(event.target.value)} required />
          </label>
          <button type="submit" className="button button-block" disabled={busy || token.trim() === ''}>
            Sign in with the token
          </button>
        </form>
        {error && (
          <div className="banner banner-error" role="alert">
            {error}
          </div>
        )}
        <p className="hint">
          <code>runtime-hub users create --admin</code> makes the first person; <code>runtime-hub up</code> prints where the admin token is.
        </p>
      </div>
    </div>
  );
}
