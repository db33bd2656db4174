import { OIDC_REFUSAL_MESSAGES, type OidcRefusal } from './oidc-person';

/** Why a single sign-on callback did not sign anyone in. */
export type OidcFailure =
  | OidcRefusal
  | 'no-flow'
  | 'flow-expired'
  | 'state-mismatch'
  | 'issuer-refused'
  | 'response-rejected'
  | 'issuer-unreachable'
  | 'user-disabled';

/** The short message the sign-in page shows: fixed per failure, never text from the request or the issuer. */
export const OIDC_FAILURE_MESSAGES: Readonly<Record<OidcFailure, string>> = {
  ...OIDC_REFUSAL_MESSAGES,
  'no-flow': 'single sign-on was not started from this browser (or cookies are blocked): start again',
  'flow-expired': 'single sign-on took too long: start again',
  'state-mismatch': 'the answer from the identity provider does not belong to this sign-in (state mismatch): start again',
  'issuer-refused': 'the identity provider did not sign you in',
  'response-rejected': 'the answer from the identity provider could not be verified',
  'issuer-unreachable': 'the identity provider could not be reached: try again later',
  'user-disabled': 'this person is disabled: ask an administrator',
};

/**
 * A callback refused. `email` when the issuer named the person (audited as who was tried);
 * `cause` the library's error, for the log line, never shown to the browser.
 */
export class OidcSignInError extends Error {
  override readonly name = 'OidcSignInError';

  constructor(
    readonly failure: OidcFailure,
    readonly email: string | undefined = undefined,
    options?: { cause?: unknown },
  ) {
    super(OIDC_FAILURE_MESSAGES[failure], options);
  }
}
