/**
 * People and roles in the browser: a viewer and an editor sign in with email and password and
 * see only the actions their role holds; an admin adds a user on the Users page and reads the
 * audit log on the Audit page, filtered and paged.
 */
import type { Page } from 'playwright-core';
import { DashboardHub } from './dashboard.harness';
import { waitForCount, waitForText } from './ui-waits';

/** Bounds of the waits in this file. */
const BOOT_TIMEOUT_MS = 90_000;
const STEP_TIMEOUT_MS = 60_000;
const PASSWORD = 'correct horse battery staple';

const WORKFLOW = {
  schemaVersion: 1,
  name: 'ui-roles',
  nodes: [{ id: 'wait', type: 'delay', config: { ms: 60_000 } }],
  edges: [],
};

let hub: DashboardHub;
let workflowId: string;
let runId: string;

beforeAll(async () => {
  hub = await DashboardHub.boot();
  for (const role of ['viewer', 'editor'] as const) {
    await hub.api('POST', '/api/users', { name: `A ${role}`, email: `${role}@example.test`, password: PASSWORD, role });
  }
  workflowId = (await hub.api<{ id: string }>('POST', '/api/workflows', { definition: WORKFLOW })).id;
  runId = (await hub.api<{ id: string }>('POST', '/api/runs', { workflowId })).id;
}, BOOT_TIMEOUT_MS);

afterAll(async () => {
  await hub?.close();
}, BOOT_TIMEOUT_MS);

async function signInAs(email: string): Promise<Page> {
  const page = await hub.newPage();
  await page.goto(hub.url);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.keyboard.press('Enter');
  await page.locator('[data-live="connected"]').waitFor();
  return page;
}

describe('roles in the dashboard', () => {
  it(
    'shows a viewer the runs and workflows but no action that changes them, nor the admin pages',
    async () => {
      const page = await signInAs('viewer@example.test');
      await waitForText(page.getByTestId('session-role'), 'viewer');
      await page.getByRole('heading', { name: 'Workflows' }).waitFor();
      await page.getByRole('link', { name: 'ui-roles' }).first().waitFor();
      expect(await page.getByRole('button', { name: 'New workflow' }).count()).toBe(0);
      expect(await page.getByRole('link', { name: 'Users' }).count()).toBe(0);
      expect(await page.getByRole('link', { name: 'Audit' }).count()).toBe(0);

      await page.goto(`${hub.url}/workflows/${workflowId}`);
      await page.getByRole('button', { name: 'History' }).waitFor();
      expect(await page.getByRole('button', { name: 'Save' }).count()).toBe(0);
      expect(await page.getByRole('button', { name: '▶ Run' }).count()).toBe(0);

      await page.goto(`${hub.url}/runs/${runId}`);
      await page.getByTestId('run-page').waitFor();
      await waitForText(page.getByTestId('run-started-by'), 'by admin (RH_ADMIN_TOKEN)');
      expect(await page.getByRole('button', { name: 'Cancel run' }).count()).toBe(0);
      await page.close();
      expect(hub.violations).toEqual([]);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'shows an editor the actions to edit and run, but not the admin pages',
    async () => {
      const page = await signInAs('editor@example.test');
      await waitForText(page.getByTestId('session-role'), 'editor');
      await page.getByRole('button', { name: 'New workflow' }).waitFor();
      expect(await page.getByRole('link', { name: 'Users' }).count()).toBe(0);

      await page.goto(`${hub.url}/workflows/${workflowId}`);
      await page.getByRole('button', { name: 'Save' }).waitFor();
      await page.getByRole('button', { name: '▶ Run' }).waitFor();

      await page.goto(`${hub.url}/runs/${runId}`);
      await page.getByRole('button', { name: 'Cancel run' }).waitFor();
      await page.close();
      expect(hub.violations).toEqual([]);
    },
    STEP_TIMEOUT_MS,
  );

  it(
    'lets an admin add a user on the Users page and read the audit log, filtered',
    async () => {
      const page = await hub.newSignedInPage(STEP_TIMEOUT_MS);
      await page.getByRole('link', { name: 'Users' }).click();
      await page.getByTestId('users-page').waitFor();
      await waitForCount(page.getByTestId('user-row'), 2);
      const form = page.getByTestId('new-user-form');
      await form.getByLabel('Name').fill('Op');
      await form.getByLabel('Email').fill('op@example.test');
      await form.getByLabel('Password').fill(PASSWORD);
      await form.getByLabel('Role').selectOption('operator');
      await form.getByRole('button', { name: 'Add user' }).click();
      await waitForCount(page.getByTestId('user-row'), 3);
      await page.locator('[data-testid="user-row"][data-email="op@example.test"]').waitFor();

      await page.getByRole('link', { name: 'Audit' }).click();
      await page.getByTestId('audit-page').waitFor();
      await page.locator('[data-testid="audit-row"][data-action="users.create"]').first().waitFor();
      await page.locator('[data-testid="audit-row"][data-action="session.sign-in"]').first().waitFor();
      await page.getByLabel('Action').fill('users.create');
      await page.getByRole('button', { name: 'Filter' }).click();
      await waitForCount(page.getByTestId('audit-row'), 3);
      expect(await page.locator('[data-testid="audit-row"]:not([data-action="users.create"])').count()).toBe(0);
      await page.close();
      expect(hub.violations).toEqual([]);
    },
    STEP_TIMEOUT_MS,
  );
});
