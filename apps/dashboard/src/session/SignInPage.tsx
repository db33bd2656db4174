import { useState, type FormEvent } from 'react';
import type { SessionInfo, SignInCredentials } from '../api/session.api';
import { sessionApi } from '../api/session.api';
import { errorMessage } from '../ui/ErrorText';

/**
 * Signs in with email and password, or with an API token (whichever is filled: a token wins).
 * The coordinator answers with an HttpOnly session cookie and the credentials are dropped:
 * page scripts never hold one.
 */
export function SignInPage({ onSignedIn }: { onSignedIn: (session: SessionInfo) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const credentials: SignInCredentials | undefined =
    token.trim() !== '' ? { token: token.trim() } : email.trim() !== '' && password !== '' ? { email: email.trim(), password } : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!credentials) return;
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
      <form className="sign-in-card" onSubmit={submit}>
        <div className="brand brand-large">
          <img src="/favicon.svg" alt="" width={40} height={40} />
          <span>Runtime Hub</span>
        </div>
        <h1>Sign in</h1>
        <label className="field">
          <span className="field-label">Email</span>
          <input type="email" name="email" autoComplete="username" value={email} onChange={(event) => setEmail(event.target.value)} autoFocus />
        </label>
        <label className="field">
          <span className="field-label">Password</span>
          <input type="password" name="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} />
        </label>
        <p className="muted">Or paste an API token. The dashboard keeps a session cookie, never the token or password.</p>
        <label className="field">
          <span className="field-label">API token</span>
          <input type="password" name="token" autoComplete="off" placeholder="rh_…" value={token} onChange={(event) => setToken(event.target.value)} />
        </label>
        {error && (
          <div className="banner banner-error" role="alert">
            {error}
          </div>
        )}
        <button type="submit" className="button button-primary button-block" disabled={busy || credentials === undefined}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <p className="hint">
          <code>runtime-hub users create --admin</code> makes the first person; <code>runtime-hub up</code> prints where the admin token is.
        </p>
      </form>
    </div>
  );
}
