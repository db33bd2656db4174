/**
 * The secrets page in Chromium against a real coordinator: a secret is created in its dialog
 * (the value in a password field), listed with its labels and key, its value replaced, then
 * deleted; the value is never in the page, nor in any answer the page received.
 */
import path from 'node:path';
import type { Page, Response } from 'playwright-core';
import type { SecretList } from '@runtime-hub/protocol';
import { ARTIFACTS_DIR, DashboardHub } from './dashboard.harness';
import { waitForText } from './ui-waits';

const BOOT_TIMEOUT_MS = 90_000;
const STEP_TIMEOUT_MS = 60_000;
const UI_WAIT_MS = 10_000;
const KEY = Buffer.alloc(32, 7).toString('base64');
const VALUE = `ui-secret-${Math.random().toString(36).slice(2)}`;
const NEW_VALUE = `ui-replaced-${Math.random().toString(36).slice(2)}`;

let hub: DashboardHub;
let page: Page;
const answers: string[] = [];

beforeAll(async () => {
  hub = await DashboardHub.boot({ RH_SECRETS_KEY: KEY });
  page = await hub.newSignedInPage(UI_WAIT_MS);
  page.on('response', (response: Response) => {
    if (response.url().includes('/api/')) void response.text().then((text) => answers.push(text), () => undefined);
  });
}, BOOT_TIMEOUT_MS);

afterAll(async () => {
  await hub?.close();
}, BOOT_TIMEOUT_MS);

describe('the secrets page', () => {
  it(
    'creates, lists, replaces and deletes a secret without ever showing its value',
    async () => {
      // ACT: create
      await page.goto(`${hub.url}/secrets`);
      await waitForText(page.locator('.page h1'), 'Secrets');
      await page.getByTestId('new-secret').click();
      await page.locator('[data-field="name"]').fill('UI_TOKEN');
      await page.locator('[data-field="value"]').fill(VALUE);
      await page.locator('[data-field="labels"]').fill('ui, linux');
      expect(await page.locator('[data-field="value"]').getAttribute('type')).toBe('password');
      await page.getByTestId('save-secret').click();
      const row = page.locator('tr[data-secret="UI_TOKEN"]');
      await waitForText(row, 'linux');
      // ASSERT: listed with its labels and key, not its value
      expect(await row.textContent()).toContain('ui');
      expect((await hub.api<SecretList>('GET', '/api/secrets')).items).toEqual([expect.objectContaining({ name: 'UI_TOKEN', labels: ['linux', 'ui'] })]);
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'secrets-page.png') });

      // ACT: replace the value, labels kept
      await row.getByTestId('replace-secret').click();
      expect(await page.locator('[data-field="name"]').getAttribute('readonly')).not.toBeNull();
      await page.locator('[data-field="value"]').fill(NEW_VALUE);
      await page.getByTestId('save-secret').click();
      await waitForText(page.locator('.toasts'), 'was replaced');
      expect((await hub.api<SecretList>('GET', '/api/secrets')).items).toEqual([expect.objectContaining({ name: 'UI_TOKEN', labels: ['linux', 'ui'] })]);

      // ACT: delete
      page.once('dialog', (dialog) => void dialog.accept());
      await row.getByRole('button', { name: 'Delete' }).click();
      await waitForText(page.locator('.empty-state'), 'No secrets yet');

      // ASSERT: the values appear in no page and no answer
      const html = await page.content();
      for (const value of [VALUE, NEW_VALUE]) {
        expect(html).not.toContain(value);
        for (const answer of answers) expect(answer).not.toContain(value);
      }
      expect(answers.length).toBeGreaterThan(2);
    },
    STEP_TIMEOUT_MS,
  );
});
