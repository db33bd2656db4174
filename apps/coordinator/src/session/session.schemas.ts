import { z } from 'zod';

/** An API token is `rh_` and 43 characters; this bounds what is hashed and looked up. */
export const SESSION_TOKEN_INPUT_MAX_LENGTH = 512;

/** `POST /api/session`: the API token to open a session with. */
export const OpenSessionBodySchema = z.strictObject({
  token: z.string().trim().min(1, 'an API token is required').max(SESSION_TOKEN_INPUT_MAX_LENGTH),
});
export type OpenSessionBody = z.infer<typeof OpenSessionBodySchema>;

/** What `POST /api/session` and `GET /api/session` answer. */
export interface SessionInfo {
  /** The name of the token the session acts for. */
  readonly name: string;
  /** When the session ends; null for a request made with a bearer token. */
  readonly expiresAt: string | null;
}
