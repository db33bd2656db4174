/**
 * Single sign-on in a real browser: the sign-in page offers the issuer, the issuer's own
 * login and consent pages (oidc-provider's development pages) take over, and the browser
 * comes back signed in; a refusal comes back as a message on the sign-in page.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { ensureDashboardBuilt } from '../../apps/cli/src/up/dashboard-build';
import { bootTestCoordinator, type TestCoordinator } from '../coordinator-api/coordinator.harness';
import { freePort, startTestProvider, type TestProvider } from '../coordinator-api/oidc.harness';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './dashboard.harness';
import { waitForText } from './ui-waits';

const CLIENT_ID = 'runtime-hub-dashboard';
const CLIENT_SECRET = 'a client secret of the test provider';
/** Bounds of the waits in this file: the first boot may build the dashboard. */
const BOOT_TIMEOUT_MS = 180_000;
const PAGE_TIMEOUT_MS = 15_000;

let provider: TestProvider;
let hub: TestCoordinator;
let browser: Browser;

beforeAll(async () => {
  await ensureDashboardBuilt(() => undefined);
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  provider = await startTestProvider({ client_id: CLIENT_ID, client_secret: CLIENT_SECRET, redirect_uris: [`${publicUrl}/api/session/oidc/callback`] }, {
    lin: { email: 'lin@example.test', email_verified: true, name: 'Lin Ops' },
    sam: { email: 'sam@example.test', email_verified: false, name: 'Sam Unverified' },
  });
  hub = await bootTestCoordinator({
    RH_PORT: String(port),
    RH_HOST: '127.0.0.1',
    RH_PUBLIC_URL: publicUrl,
    RH_OIDC_ISSUER: provider.issuer,
    RH_OIDC_CLIENT_ID: CLIENT_ID,
    RH_OIDC_CLIENT_SECRET: CLIENT_SECRET,
    RH_OIDC_NAME: 'Example SSO',
  });
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}, BOOT_TIMEOUT_MS);

afterAll(async () => {
  await browser?.close();
  await hub?.close();
  await provider?.close();
}, BOOT_TIMEOUT_MS);

/** From the dashboard's sign-in page through the provider's login and consent pages, as `login`. */
async function signInThroughIssuer(page: Page, login: string): Promise<void> {
  await page.goto(hub.url);
  await page.getByRole('link', { name: 'Sign in with Example SSO' }).click();
  await page.waitForURL((url) => url.href.startsWith(provider.issuer), { waitUntil: 'commit' });
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password: the development form takes any');
  await page.locator('button[type="submit"]').click();
  // The consent page: "Continue".
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.waitForURL((url) => url.href.startsWith(hub.url), { waitUntil: 'commit' });
}

describe('single sign-on in the dashboard', () => {
  it('signs a person in through the issuer, as a viewer', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    try {
      await signInThroughIssuer(page, 'lin');

      await waitForText(page.getByTestId('session-name'), 'lin@example.test');
      await waitForText(page.getByTestId('session-role'), 'viewer');
    } finally {
      await context.close();
    }
  });

  it('shows why the issuer\'s answer was refused, and stays on the sign-in page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    try {
      await signInThroughIssuer(page, 'sam');

      await waitForText(page.getByRole('alert'), 'the identity provider has not verified your email address');
      expect(new URL(page.url()).searchParams.has('signInError')).toBe(false);
      await page.getByRole('link', { name: 'Sign in with Example SSO' }).waitFor();
    } finally {
      await context.close();
    }
  });
});
