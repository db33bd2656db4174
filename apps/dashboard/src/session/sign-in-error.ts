/**
 * Single sign-on ends on the coordinator, which sends a failed sign-in back to the dashboard
 * as `?signInError=<message>` (session/oidc/sign-in-page.ts in the coordinator). The sign-in
 * page shows the message once and takes it out of the address bar, so a reload or a bookmark
 * does not show it again.
 */
export const SIGN_IN_ERROR_PARAM = 'signInError';

/** The longest message shown: the coordinator's are short; anything longer was not written by it. */
const SIGN_IN_ERROR_MAX_LENGTH = 300;

export function takeSignInError(href: string): { readonly message: string | null; readonly cleanHref: string } {
  const url = new URL(href);
  const message = url.searchParams.get(SIGN_IN_ERROR_PARAM);
  url.searchParams.delete(SIGN_IN_ERROR_PARAM);
  const trimmed = message?.trim().slice(0, SIGN_IN_ERROR_MAX_LENGTH) ?? '';
  return { message: trimmed === '' ? null : trimmed, cleanHref: url.href };
}
