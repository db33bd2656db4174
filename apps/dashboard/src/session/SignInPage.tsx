import { useEffect, useState, type FormEvent } from 'react';
import type { SessionInfo, SignInCredentials, SignInMethods } from '../api/session.api';
import { sessionApi } from '../api/session.api';
import { errorMessage } from '../ui/ErrorText';
import { takeSignInError } from './sign-in-error';

/**
 * Signs in with email and password, or with an API token (whichever is filled: a token wins).
 * The coordinator answers with an HttpOnly session cookie and the credentials are dropped:
 * page scripts never hold one. When the coordinator has single sign-on, a button sends the
 * browser to it (a navigation, not a fetch: the issuer's pages take over); a failure comes
 * back as a message in the address, shown here once.
 */
export function SignInPage({ onSignedIn }: { onSignedIn: (session: SessionInfo) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [methods, setMethods] = useState<SignInMethods | null>(null);

  useEffect(() => {
    const { message, cleanHref } = takeSignInError(window.location.href);
    if (message !== null) {
      setError(message);
      window.history.replaceState(window.history.state, '', cleanHref);
    }
    // Without the answer the page still offers password and token sign-in.
    sessionApi.methods().then(setMethods, () => setMethods(null));
  }, []);

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
        {methods?.oidc && (
          <>
            <a className="button button-primary button-block" href={methods.oidc.startUrl} data-testid="oidc-sign-in">
              Sign in with {methods.oidc.name}
            </a>
            <p className="muted">Or with your email and password:</p>
          </>
        )}
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
