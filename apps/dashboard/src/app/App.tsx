import { useCallback, useEffect, useState } from 'react';
import { ApiRequestError } from '../api/api-request.error';
import { onUnauthorized } from '../api/http';
import { sessionApi, type SessionInfo } from '../api/session.api';
import { LiveProvider } from '../live/LiveProvider';
import { SignInPage } from '../session/SignInPage';
import { SessionProvider } from '../session/permissions';
import { ErrorBanner } from '../ui/ErrorText';
import { ToastProvider } from '../ui/Toasts';
import { navigate, useRoute } from './navigation';
import { Pages } from './Pages';
import { Shell } from './Shell';

type SessionState = { readonly status: 'checking' } | { readonly status: 'signed-in'; readonly session: SessionInfo } | { readonly status: 'signed-out' } | { readonly status: 'failed'; readonly error: unknown };

/**
 * Signed in (a valid session cookie): the app with its live connection. Signed out: the
 * sign-in page, whatever the path; after signing in the user lands where they were going.
 */
export function App() {
  const route = useRoute();
  const [state, setState] = useState<SessionState>({ status: 'checking' });

  const check = useCallback(() => {
    setState({ status: 'checking' });
    sessionApi.current().then(
      (session) => setState({ status: 'signed-in', session }),
      (error: unknown) => setState(error instanceof ApiRequestError && error.status === 401 ? { status: 'signed-out' } : { status: 'failed', error }),
    );
  }, []);

  useEffect(check, [check]);
  useEffect(() => onUnauthorized(() => setState({ status: 'signed-out' })), []);

  const signedIn = (session: SessionInfo) => {
    setState({ status: 'signed-in', session });
    if (route.page === 'sign-in') navigate({ page: 'workflows' }, { replace: true });
  };

  const signOut = async () => {
    await sessionApi.signOut().catch(() => undefined);
    setState({ status: 'signed-out' });
    navigate({ page: 'sign-in' });
  };

  return (
    <ToastProvider>
      {state.status === 'checking' && <div className="app-loading" aria-busy="true" />}
      {state.status === 'failed' && (
        <div className="center-page">
          <ErrorBanner error={state.error} onRetry={check} />
        </div>
      )}
      {state.status === 'signed-out' && <SignInPage onSignedIn={signedIn} />}
      {state.status === 'signed-in' && (
        <SessionProvider session={state.session}>
          <LiveProvider>
            <Shell route={route} session={state.session} onSignOut={signOut}>
              <Pages route={route} />
            </Shell>
          </LiveProvider>
        </SessionProvider>
      )}
    </ToastProvider>
  );
}
