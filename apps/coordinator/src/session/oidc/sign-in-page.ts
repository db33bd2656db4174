/**
 * The dashboard's sign-in page, as a single sign-on redirect target. The page reads the
 * message from this query parameter, shows it, and removes it from the address bar.
 */
export const SIGN_IN_ERROR_PARAM = 'signInError';

/** For a failure that is not the person's or the issuer's doing (the database, a bug): details are in the coordinator's log. */
export const SIGN_IN_FAILED_MESSAGE = 'single sign-on failed: try again, or ask an administrator to look at the coordinator log';

/** `dashboardUrl`: RH_PUBLIC_URL, or `/` (oidc.config.ts). */
export function signInPageLocation(dashboardUrl: string, message: string): string {
  return `${dashboardUrl}?${SIGN_IN_ERROR_PARAM}=${encodeURIComponent(message)}`;
}
