import type { Role } from '@runtime-hub/protocol';
import type { TestCoordinator } from './coordinator.harness';

/** The header a cookie-authenticated request that changes state must carry (session/csrf.ts). */
export const CSRF = { 'x-requested-with': 'runtime-hub' } as const;

/** A password long enough for RH_PASSWORD_MIN_LENGTH's default. */
export const TEST_PASSWORD = 'correct horse battery staple';

export interface Person {
  readonly id: string;
  readonly email: string;
  readonly role: Role;
  /** The session cookie of a password sign-in (`rh_session=...`). */
  readonly cookie: string;
  /** A personal API token made by that session. */
  readonly token: string;
}

/** Creates a user with `role` (as the admin token), signs them in with their password and makes them a personal token. */
export async function createPerson(hub: TestCoordinator, role: Role, email = `${role}-${Math.random().toString(36).slice(2, 8)}@example.test`): Promise<Person> {
  const created = await hub.request<{ id: string }>('POST', '/api/users', { body: { name: `A ${role}`, email, password: TEST_PASSWORD, role } });
  if (created.status !== 201) throw new Error(`creating ${email}: ${created.status} ${created.text}`);
  const cookie = await signIn(hub, email, TEST_PASSWORD);
  const minted = await cookieRequest<{ token: string }>(hub, cookie, 'POST', '/api/tokens', { name: `${role} cli` });
  if (minted.status !== 201) throw new Error(`a token for ${email}: ${minted.status} ${JSON.stringify(minted.body)}`);
  return { id: created.body.id, email, role, cookie, token: minted.body.token };
}

/** Signs in with email and password; answers the cookie to send back. */
export async function signIn(hub: TestCoordinator, email: string, password: string): Promise<string> {
  const response = await fetch(`${hub.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...CSRF },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`sign-in of ${email}: ${response.status} ${await response.text()}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
  if (!cookie) throw new Error('sign-in set no cookie');
  return cookie;
}

export async function cookieRequest<Body = unknown>(hub: TestCoordinator, cookie: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: Body }> {
  const response = await fetch(`${hub.url}${path}`, {
    method,
    headers: { cookie, ...CSRF, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text) as Body };
}
