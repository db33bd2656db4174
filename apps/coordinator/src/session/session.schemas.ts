import { z } from 'zod';
import type { Permission, Role } from '@runtime-hub/protocol';

/** An API token is `rh_` and 43 characters; this bounds what is hashed and looked up. */
export const SESSION_TOKEN_INPUT_MAX_LENGTH = 512;

/** Bounds what is hashed: scrypt's cost grows with the input. */
export const SIGN_IN_PASSWORD_MAX_LENGTH = 1024;
export const SIGN_IN_EMAIL_MAX_LENGTH = 320;

/** `POST /api/session`: an API token, or a person's email and password, to open a session with. */
export const OpenSessionBodySchema = z.union([
  z.strictObject({
    token: z.string().trim().min(1, 'an API token is required').max(SESSION_TOKEN_INPUT_MAX_LENGTH),
  }),
  z.strictObject({
    email: z.string().trim().min(1, 'an email is required').max(SIGN_IN_EMAIL_MAX_LENGTH),
    password: z.string().min(1, 'a password is required').max(SIGN_IN_PASSWORD_MAX_LENGTH),
  }),
]);
export type OpenSessionBody = z.infer<typeof OpenSessionBodySchema>;

/** What `POST /api/session` and `GET /api/session` answer. */
export interface SessionInfo {
  /** The name of the token the session acts for. */
  readonly name: string;
  /** When the session ends; null for a request made with a bearer token. */
  readonly expiresAt: string | null;
  /** What the session may do (the dashboard hides the rest). */
  readonly role: Role;
  readonly permissions: readonly Permission[];
  /** The person signed in; null for a session opened with a deployment's API token. */
  readonly user: { readonly id: string; readonly email: string } | null;
}

/** Where the sign-in page sends the browser to sign in through the OpenID Connect issuer. */
export const OIDC_START_PATH = '/api/session/oidc/start';

/**
 * `GET /api/session/methods` (public): what the sign-in page offers. Only what a visitor may
 * know: that single sign-on is on and the name on its button, never the issuer or client.
 */
export interface SignInMethods {
  readonly password: true;
  readonly token: true;
  readonly oidc: { readonly name: string; readonly startUrl: string } | null;
}
