import { io, type Socket } from 'socket.io-client';
import { LIVE_NAMESPACE, PERMISSIONS, type Permission, type WorkflowDefinitionInput } from '@runtime-hub/protocol';
import { bootTestCoordinator, type TestCoordinator } from './coordinator.harness';
import { cookieRequest, createPerson, signIn, TEST_PASSWORD, type Person } from './roles.harness';
import { nightlyReport } from './workflow.fixtures';

jest.setTimeout(60_000);

interface OpenApiOperation {
  readonly 'x-permission'?: Permission;
}
interface OpenApiDocument {
  readonly paths: Record<string, Record<string, OpenApiOperation>>;
}

const STATE_CHANGING = ['post', 'put', 'patch', 'delete'];
/** Routes open to every caller by design (signing in and out), so no role applies. */
// Signing in and out, what the sign-in page offers, and the two single sign-on redirects (docs/SECURITY.md).
const PUBLIC_ROUTES = new Set(['POST /api/session', 'DELETE /api/session', 'GET /api/session/methods', 'GET /api/session/oidc/start', 'GET /api/session/oidc/callback']);

/** A run that waits a minute on the coordinator: long enough to be cancelled. */
const waiting: WorkflowDefinitionInput = { schemaVersion: 1, name: 'waits', nodes: [{ id: 'wait', type: 'delay', config: { ms: 60_000 } }], edges: [] };

let hub: TestCoordinator;
let viewer: Person;
let operator: Person;
let editor: Person;

beforeAll(async () => {
  hub = await bootTestCoordinator();
  viewer = await createPerson(hub, 'viewer');
  operator = await createPerson(hub, 'operator');
  editor = await createPerson(hub, 'editor');
});

afterAll(async () => {
  await hub?.close();
});

describe('roles on every route', () => {
  it('refuses a viewer every state-changing route of the OpenAPI document (a route without a rule fails this)', async () => {
    const { body: document } = await hub.request<OpenApiDocument>('GET', '/api/docs/json', { token: null });
    const called: string[] = [];
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (!STATE_CHANGING.includes(method)) continue;
        const route = `${method.toUpperCase()} ${path}`;
        if (PUBLIC_ROUTES.has(route)) continue;
        // Outside /api: webhook calls carry the hook's own secret, not an API token (hooks/README.md).
        if (!path.startsWith('/api/')) continue;
        const permission = operation['x-permission'];
        const url = path.replace(/\{[^}]+\}/g, 'no-such-id');
        const response = await hub.request(method.toUpperCase(), url, { token: viewer.token, body: {} });
        called.push(route);
        if (permission !== undefined && PERMISSIONS[permission] === 'viewer') {
          // A viewer's own tokens: allowed by the role, so anything but a 403 (400 for the empty body, 404 for the id).
          expect([route, response.status]).not.toEqual([route, 403]);
        } else {
          expect([route, response.status]).toEqual([route, 403]);
        }
      }
    }
    expect(called.length).toBeGreaterThanOrEqual(35);
    expect(called).toEqual(expect.arrayContaining(['POST /api/runs', 'PUT /api/workflows/{id}', 'POST /api/users', 'POST /api/agents/{id}/revoke']));
  });

  it('names a permission on every /api route but the public sign-in ones', async () => {
    const { body: document } = await hub.request<OpenApiDocument>('GET', '/api/docs/json', { token: null });
    const missing = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([method, operation]) => path.startsWith('/api/') && !PUBLIC_ROUTES.has(`${method.toUpperCase()} ${path}`) && operation['x-permission'] === undefined)
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(missing).toEqual([]);
  });

  it('lets an operator run and cancel, but not edit a workflow; a viewer only reads', async () => {
    const saved = await hub.request<{ id: string }>('POST', '/api/workflows', { token: editor.token, body: { definition: nightlyReport('roles-report') } });
    expect(saved.status).toBe(201);
    expect((await hub.request('PUT', `/api/workflows/${saved.body.id}`, { token: operator.token, body: { definition: nightlyReport('roles-report') } })).status).toBe(403);
    expect((await hub.request('GET', `/api/workflows/${saved.body.id}`, { token: viewer.token })).status).toBe(200);

    const started = await hub.request<{ id: string; startedBy: string | null }>('POST', '/api/runs', { token: operator.token, body: { definition: waiting } });
    expect(started.status).toBe(202);
    expect(started.body.startedBy).toBe(operator.email);
    expect((await hub.request('POST', `/api/runs/${started.body.id}/cancel`, { token: viewer.token, body: {} })).status).toBe(403);
    const cancelled = await hub.request<{ status: string; cancelledBy: string | null }>('POST', `/api/runs/${started.body.id}/cancel`, { token: operator.token, body: {} });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelledBy: operator.email });
    const read = await hub.request<{ startedBy: string; cancelledBy: string }>('GET', `/api/runs/${started.body.id}`, { token: viewer.token });
    expect(read.body).toMatchObject({ startedBy: operator.email, cancelledBy: operator.email });
  });

  it('tells the session its role and permissions', async () => {
    const session = await cookieRequest<{ role: string; permissions: string[]; user: { email: string } }>(hub, viewer.cookie, 'GET', '/api/session');
    expect(session.body).toMatchObject({ role: 'viewer', user: { email: viewer.email } });
    expect(session.body.permissions).toContain('runs.read');
    expect(session.body.permissions).not.toContain('runs.start');
  });
});

describe('personal tokens', () => {
  it('can never exceed their owner: asking for more is a 403 naming why, and a lowered owner lowers the token', async () => {
    const above = await hub.request<{ error: { message: string } }>('POST', '/api/tokens', { token: operator.token, body: { name: 'too much', role: 'editor' } });
    expect(above.status).toBe(403);
    expect(above.body.error.message).toContain('"editor" is above the role of the token making it ("operator")');

    const person = await createPerson(hub, 'editor');
    const ok = await hub.request<{ token: string; role: string; expiresAt: string }>('POST', '/api/tokens', { token: person.token, body: { name: 'ci', role: 'operator' } });
    expect(ok.body.role).toBe('operator');
    expect(ok.body.expiresAt).not.toBeNull();
    expect((await hub.request('PUT', '/api/workflows/x', { token: ok.body.token, body: {} })).status).toBe(403);

    expect((await hub.request('PATCH', `/api/users/${person.id}`, { body: { role: 'viewer' } })).status).toBe(200);
    // The editor-role token of a person now a viewer acts as a viewer.
    expect((await hub.request('POST', '/api/runs', { token: person.token, body: { definition: waiting } })).status).toBe(403);
    expect((await hub.request('GET', '/api/runs', { token: person.token })).status).toBe(200);
  });

  it('are listed and revoked by their owner only; an admin sees all', async () => {
    const mine = await hub.request<{ items: Array<{ userId: string | null }> }>('GET', '/api/tokens', { token: viewer.token });
    expect(mine.body.items.length).toBeGreaterThan(0);
    expect(mine.body.items.every((token) => token.userId === viewer.id)).toBe(true);
    const all = await hub.request<{ items: Array<{ id: string; userId: string | null }> }>('GET', '/api/tokens');
    const operatorToken = all.body.items.find((token) => token.userId === operator.id)!;
    expect((await hub.request('DELETE', `/api/tokens/${operatorToken.id}`, { token: viewer.token })).status).toBe(404);
  });
});

/** A `/live` connection with this token; rejects with the refusal. */
function connectLive(token: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(`${hub.url}${LIVE_NAMESPACE}`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

describe('disabling a person', () => {
  it('ends their sessions, tokens and /live connections at once, and their password no longer signs in', async () => {
    const person = await createPerson(hub, 'viewer');
    const second = await signIn(hub, person.email, TEST_PASSWORD);
    expect((await hub.request('GET', '/api/runs', { token: person.token })).status).toBe(200);
    // A viewer may listen to /live (live.subscribe).
    const live = await connectLive(person.token);
    const closed = new Promise<void>((resolve) => live.once('disconnect', () => resolve()));

    expect((await hub.request('PATCH', `/api/users/${person.id}`, { body: { disabled: true } })).status).toBe(200);

    await closed;
    await expect(connectLive(person.token)).rejects.toThrow('API token refused');
    expect((await hub.request('GET', '/api/runs', { token: person.token })).status).toBe(401);
    expect((await cookieRequest(hub, person.cookie, 'GET', '/api/runs')).status).toBe(401);
    expect((await cookieRequest(hub, second, 'GET', '/api/runs')).status).toBe(401);
    await expect(signIn(hub, person.email, TEST_PASSWORD)).rejects.toThrow(/401/);
    const tokens = await hub.request<{ items: Array<{ userId: string | null; revokedAt: string | null }> }>('GET', '/api/tokens');
    const theirs = tokens.body.items.filter((token) => token.userId === person.id);
    expect(theirs.length).toBeGreaterThanOrEqual(3);
    expect(theirs.every((token) => token.revokedAt !== null)).toBe(true);

    // Enabled again, old credentials stay revoked; a new sign-in works.
    expect((await hub.request('PATCH', `/api/users/${person.id}`, { body: { disabled: false } })).status).toBe(200);
    expect((await hub.request('GET', '/api/runs', { token: person.token })).status).toBe(401);
    await expect(signIn(hub, person.email, TEST_PASSWORD)).resolves.toContain('rh_session=');
  });

  it('refuses bad user input with a 4xx naming it', async () => {
    const short = await hub.request<{ error: { message: string } }>('POST', '/api/users', { body: { name: 'x', email: 'short@example.test', password: 'short', role: 'viewer' } });
    expect(short.status).toBe(400);
    expect(short.body.error.message).toContain('body.password');
    expect((await hub.request('POST', '/api/users', { body: { name: 'x', email: 'not-an-email', role: 'viewer' } })).status).toBe(400);
    expect((await hub.request('POST', '/api/users', { body: { name: 'x', email: 'y@example.test', role: 'root' } })).status).toBe(400);
    expect((await hub.request('POST', '/api/users', { body: { name: 'again', email: viewer.email, role: 'viewer' } })).status).toBe(409);
    expect((await hub.request('PATCH', '/api/users/nobody', { body: { disabled: true } })).status).toBe(404);
  });
});
