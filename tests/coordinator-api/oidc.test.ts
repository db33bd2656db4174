import { bootTestCoordinator, type TestCoordinator } from './coordinator.harness';
import { freePort, startTestProvider, TestBrowser, type TestProvider } from './oidc.harness';
import { cookieRequest, TEST_PASSWORD } from './roles.harness';

/**
 * Single sign-on against a real OpenID Connect provider (oidc-provider, in its own process),
 * driven over plain HTTP like a browser: the coordinator's start route, the provider's login
 * and consent forms, the callback.
 *
 *   browser ──/oidc/start──▶ coordinator ──302──▶ provider /auth ──forms──▶ 302 callback?code&state
 *   browser ──/oidc/callback (rh_oidc cookie)──▶ coordinator ──code, verifier──▶ provider /token
 *                                                 └─▶ 302 / + rh_session (or 302 /?signInError=…)
 */

const CLIENT_ID = 'runtime-hub';
const CLIENT_SECRET = 'a client secret of the test provider';
const ACCOUNTS = {
  ada: { email: 'ada@example.test', email_verified: true, name: 'Ada Lovelace' },
  grace: { email: 'Grace@Example.test', email_verified: true, name: 'Grace Hopper' },
  bob: { email: 'bob@example.test', email_verified: false, name: 'Bob Unverified' },
  eve: { email: 'eve@example.test', email_verified: true, name: 'Eve Disabled' },
  mallory: { email: 'mallory@elsewhere.test', email_verified: true, name: 'Mallory Outside' },
};

interface AuditEntry {
  readonly action: string;
  readonly actorName: string;
  readonly actorId: string | null;
  readonly details: Record<string, unknown> | null;
}

let provider: TestProvider;
let hub: TestCoordinator;
let callbackPrefix: string;

beforeAll(async () => {
  const port = await freePort();
  callbackPrefix = `http://127.0.0.1:${port}/api/session/oidc/callback`;
  provider = await startTestProvider({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [callbackPrefix] }, ACCOUNTS);
  hub = await bootTestCoordinator({
    RH_PORT: String(port),
    RH_HOST: '127.0.0.1',
    RH_PUBLIC_URL: `http://127.0.0.1:${port}`,
    RH_OIDC_ISSUER: provider.issuer,
    RH_OIDC_CLIENT_ID: CLIENT_ID,
    RH_OIDC_CLIENT_SECRET: CLIENT_SECRET,
    RH_OIDC_NAME: 'Test IdP',
    RH_OIDC_ALLOWED_DOMAINS: 'example.test',
    // Every refusal below comes from 127.0.0.1: room for them all (the limit has its own case).
    RH_RATE_LIMIT_SIGN_IN: '100',
  });
});

afterAll(async () => {
  await hub?.close();
  await provider?.close();
});

/** Signs in through the provider as `login`; answers the browser and the coordinator's last answer. */
async function signInAs(login: string, tamper: (callbackUrl: URL) => void = () => undefined): Promise<{ browser: TestBrowser; response: Response }> {
  const browser = new TestBrowser();
  const callback = new URL(await browser.throughIssuer(`${hub.url}/api/session/oidc/start`, login, callbackPrefix));
  tamper(callback);
  return { browser, response: await browser.request(callback.href) };
}

/** The message a failed sign-in shows on the sign-in page. */
function signInError(response: Response): string | null {
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location')!, hub.url).searchParams.get('signInError');
}

function sessionCookieOf(browser: TestBrowser): string {
  const value = browser.cookie(hub.url, 'rh_session');
  if (!value) throw new Error('no session cookie');
  return `rh_session=${value}`;
}

async function whoIs(cookie: string): Promise<{ role: string; user: { id: string; email: string } | null }> {
  const response = await cookieRequest<{ role: string; user: { id: string; email: string } | null }>(hub, cookie, 'GET', '/api/session');
  expect(response.status).toBe(200);
  return response.body;
}

async function auditEntries(action: string): Promise<AuditEntry[]> {
  const page = await hub.request<{ items: AuditEntry[] }>('GET', `/api/audit?action=${action}&limit=500`);
  expect(page.status).toBe(200);
  return page.body.items;
}

// The cases run in order on one coordinator and provider: the last one reads the audit log
// the others wrote.
describe('single sign-on through an OpenID Connect issuer', () => {
  it('tells the sign-in page that single sign-on is on, and nothing about the issuer', async () => {
    const response = await hub.request<{ oidc: { name: string; startUrl: string } | null }>('GET', '/api/session/methods', { token: null });
    expect(response.status).toBe(200);
    expect(response.body.oidc).toEqual({ name: 'Test IdP', startUrl: '/api/session/oidc/start' });
    expect(response.text).not.toContain(provider.issuer);
    expect(response.text).not.toContain(CLIENT_ID);
  });

  it('signs a new person in with the default role, and a returning one keeps the role an admin gave them', async () => {
    // ACT: Ada's first sign-in.
    const first = await signInAs('ada');

    // ASSERT: to the dashboard, signed in, a viewer made by the sign-in.
    expect(first.response.status).toBe(302);
    expect(first.response.headers.get('location')).toBe(`${hub.url}/`);
    const firstSession = await whoIs(sessionCookieOf(first.browser));
    expect(firstSession).toMatchObject({ role: 'viewer', user: { email: 'ada@example.test' } });
    const user = await hub.request<{ name: string; role: string }>('GET', `/api/users/${firstSession.user!.id}`);
    expect(user.body).toMatchObject({ name: 'Ada Lovelace', role: 'viewer' });

    // ACT: an admin makes her an operator; she signs in again.
    expect((await hub.request('PATCH', `/api/users/${firstSession.user!.id}`, { body: { role: 'operator' } })).status).toBe(200);
    const again = await signInAs('ada');

    // ASSERT: the same person, still an operator.
    expect(await whoIs(sessionCookieOf(again.browser))).toMatchObject({ role: 'operator', user: { id: firstSession.user!.id } });
  });

  it('signs an existing password user in as themselves when the issuer verified their email (case apart)', async () => {
    const created = await hub.request<{ id: string }>('POST', '/api/users', { body: { name: 'Grace', email: 'grace@example.test', password: TEST_PASSWORD, role: 'editor' } });
    expect(created.status).toBe(201);

    const { browser } = await signInAs('grace');

    expect(await whoIs(sessionCookieOf(browser))).toMatchObject({ role: 'editor', user: { id: created.body.id } });
  });

  it('refuses a callback whose state is not the one this browser started with, and sets no session', async () => {
    const { browser, response } = await signInAs('ada', (callback) => callback.searchParams.set('state', 'a-state-from-another-sign-in'));

    expect(signInError(response)).toMatch(/state mismatch/);
    expect(browser.cookie(hub.url, 'rh_session')).toBeUndefined();
  });

  it('refuses a tampered code, and a callback from a browser that never started', async () => {
    const tampered = await signInAs('ada', (callback) => callback.searchParams.set('code', `${callback.searchParams.get('code')}x`));
    expect(signInError(tampered.response)).toMatch(/could not be verified/);
    expect(tampered.browser.cookie(hub.url, 'rh_session')).toBeUndefined();

    const elsewhere = new TestBrowser();
    const callback = await new TestBrowser().throughIssuer(`${hub.url}/api/session/oidc/start`, 'ada', callbackPrefix);
    expect(signInError(await elsewhere.request(callback))).toMatch(/not started from this browser/);
  });

  it('says the issuer did not sign the person in when they cancel there', async () => {
    const browser = new TestBrowser();
    const callback = await browser.throughIssuer(`${hub.url}/api/session/oidc/start`, 'ada', callbackPrefix, { cancel: true });
    expect(new URL(callback).searchParams.get('error')).toBe('access_denied');

    expect(signInError(await browser.request(callback))).toBe('the identity provider did not sign you in');
    expect(browser.cookie(hub.url, 'rh_session')).toBeUndefined();
  });

  it('refuses an email the issuer has not verified, and a domain not allowed', async () => {
    expect(signInError((await signInAs('bob')).response)).toMatch(/not verified your email/);
    expect(signInError((await signInAs('mallory')).response)).toMatch(/domain is not allowed/);
    const users = await hub.request<{ items: Array<{ email: string }> }>('GET', '/api/users');
    const emails = users.body.items.map((user) => user.email);
    expect(emails).toContain('ada@example.test');
    expect(emails).not.toContain('bob@example.test');
    expect(emails).not.toContain('mallory@elsewhere.test');
  });

  it('refuses a disabled person', async () => {
    const first = await signInAs('eve');
    const eve = await whoIs(sessionCookieOf(first.browser));
    expect((await hub.request('PATCH', `/api/users/${eve.user!.id}`, { body: { disabled: true } })).status).toBe(200);

    const { browser, response } = await signInAs('eve');

    expect(signInError(response)).toMatch(/disabled/);
    expect(browser.cookie(hub.url, 'rh_session')).toBeUndefined();
  });

  it('writes every sign-in and every refusal to the audit log', async () => {
    const signIns = (await auditEntries('session.sign-in')).filter((entry) => entry.details?.method === 'oidc');
    expect(signIns.map((entry) => entry.actorName).sort()).toEqual(['ada@example.test', 'ada@example.test', 'eve@example.test', 'grace@example.test']);
    expect(signIns.every((entry) => entry.actorId !== null)).toBe(true);
    expect(signIns.filter((entry) => entry.details?.created === true).map((entry) => entry.actorName).sort()).toEqual(['ada@example.test', 'eve@example.test']);

    const failures = (await auditEntries('session.sign-in-failed')).filter((entry) => entry.details?.method === 'oidc');
    expect(failures.map((entry) => `${String(entry.details?.reason)} ${entry.actorName}`).sort()).toEqual([
      'domain-not-allowed mallory@elsewhere.test',
      'email-not-verified bob@example.test',
      'issuer-refused single sign-on',
      'no-flow single sign-on',
      'response-rejected single sign-on',
      'state-mismatch single sign-on',
      'user-disabled eve@example.test',
    ]);
  });
});

describe('single sign-on callbacks refused in a row', () => {
  it('count towards RH_RATE_LIMIT_SIGN_IN, and over it the sign-in page says to wait', async () => {
    const limited = await bootTestCoordinator({
      RH_PUBLIC_URL: 'http://127.0.0.1:1',
      RH_OIDC_ISSUER: provider.issuer,
      RH_OIDC_CLIENT_ID: CLIENT_ID,
      RH_OIDC_CLIENT_SECRET: CLIENT_SECRET,
      RH_RATE_LIMIT_SIGN_IN: '2',
    });
    try {
      const messages: string[] = [];
      for (let attempt = 0; attempt < 3; attempt++) {
        const response = await fetch(`${limited.url}/api/session/oidc/callback?code=forged&state=forged`, { redirect: 'manual' });
        expect(response.status).toBe(302);
        messages.push(new URL(response.headers.get('location')!).searchParams.get('signInError') ?? '');
      }
      expect(messages[0]).toMatch(/not started from this browser/);
      expect(messages[1]).toMatch(/not started from this browser/);
      expect(messages[2]).toMatch(/too many failed sign-ins from this address: try again in \d+ seconds/);
    } finally {
      await limited.close();
    }
  });
});

describe('single sign-on left unconfigured', () => {
  it('is not offered, and its routes answer 404 naming the variable', async () => {
    const plain = await bootTestCoordinator();
    try {
      const methods = await plain.request<{ oidc: unknown }>('GET', '/api/session/methods', { token: null });
      expect(methods.body.oidc).toBeNull();
      const start = await fetch(`${plain.url}/api/session/oidc/start`, { redirect: 'manual' });
      expect(start.status).toBe(404);
      expect(await start.text()).toMatch(/RH_OIDC_ISSUER/);
      const callback = await fetch(`${plain.url}/api/session/oidc/callback?code=x&state=y`, { redirect: 'manual' });
      expect(callback.status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
