import { useState, type FormEvent } from 'react';
import type { SessionInfo, SignInCredentials } from '../api/session.api';
import { sessionApi } from '../api/session.api';
import { errorMessage } from '../ui/ErrorText';

type Method = 'password' | 'token';

/**
 * Signs in with email and password, or with an API token. The coordinator answers with an
 * HttpOnly session cookie and the credentials are dropped: page scripts never hold one.
 */
export function SignInPage({ onSignedIn }: { onSignedIn: (session: SessionInfo) => void }) {
  const [method, setMethod] = useState<Method>('password');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const credentials: SignInCredentials = method === 'token' ? { token: token.trim() } : { email: email.trim(), password };
  const ready = method === 'token' ? token.trim() !== '' : email.trim() !== '' && password !== '';

  const submit = async (event: FormEvent) => {
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
      <form className="sign-in-card" onSubmit={submit}>
        <div className="brand brand-large">
          <img src="/favicon.svg" alt="" width={40} height={40} />
          <span>Runtime Hub</span>
        </div>
        <h1>Sign in</h1>
        {method === 'password' ? (
          <>
            <label className="field">
              <span className="field-label">Email</span>
              <input type="email" name="email" autoComplete="username" value={email} onChange={(event) => setEmail(event.target.value)} autoFocus required />
            </label>
            <label className="field">
              <span className="field-label">Password</span>
              <input type="password" name="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} required />
            </label>
          </>
        ) : (
          <>
            <p className="muted">Paste an API token. The dashboard keeps a session cookie, never the token.</p>
            <label className="field">
              <span className="field-label">API token</span>
              <input type="password" name="token" autoComplete="off" placeholder="rh_…" value={token} onChange={(event) => setToken(event.target.value)} autoFocus required />
            </label>
          </>
        )}
        {error && (
          <div className="banner banner-error" role="alert">
            {error}
          </div>
        )}
        <button type="submit" className="button button-primary button-block" disabled={busy || !ready}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <button type="button" className="link-button" onClick={() => setMethod(method === 'password' ? 'token' : 'password')} data-testid="sign-in-method">
          {method === 'password' ? 'Sign in with an API token instead' : 'Sign in with email and password instead'}
        </button>
        <p className="hint">
          <code>runtime-hub users create --admin</code> makes the first person; <code>runtime-hub up</code> prints where the admin token is.
        </p>
      </form>
    </div>
  );
}
