/**
 * The first hour, as a new user meets it: a clean checkout (no dashboard build, no data),
 * `npm start`, then a browser at the URL it prints, signing in as it says. The embedded
 * database (no DATABASE_URL); the test's own port, data folder, Redis prefix.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { freeLoopbackPort } from '../../apps/cli/src/up/redis-probe';
import { deleteQueuePrefixKeys, TEST_REDIS_URL, uniqueQueuePrefix } from '../coordinator-api/coordinator.harness';
import { freshClone, type FreshClone } from './fresh-clone';

const ARTIFACTS_DIR = path.resolve(__dirname, '..', '..', 'test-artifacts', 'first-run');
/** Chromium from Debian's package; the flags keep it from reaching out to the network. */
const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** Building the dashboard, creating the embedded database and starting two workers. */
const START_TIMEOUT_MS = 150_000;
/** Workers finishing, the coordinator closing. */
const STOP_TIMEOUT_MS = 60_000;
/** Page loads and UI waits in the browser. */
const UI_TIMEOUT_MS = 20_000;
const POLL_INTERVAL_MS = 100;

describe('first run: npm start from a fresh clone', () => {
  let clone: FreshClone;
  let browser: Browser | undefined;
  const prefix = uniqueQueuePrefix();

  beforeAll(async () => {
    clone = await freshClone();
    await mkdir(ARTIFACTS_DIR, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await clone?.remove();
    await deleteQueuePrefixKeys(prefix);
  });

  it('builds the dashboard, prints how to sign in, and the browser signs in with it', async () => {
    // ARRANGE: a clean checkout, as after `git clone`
    const distExistedBefore = existsSync(path.join(clone.dir, 'apps', 'dashboard', 'dist'));
    const port = await freeLoopbackPort();
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: clone.scratch,
      npm_config_update_notifier: 'false',
      REDIS_URL: TEST_REDIS_URL,
      RH_PORT: String(port),
      RH_DATA_DIR: path.join(clone.scratch, 'data'),
      RH_QUEUE_PREFIX: prefix,
    };

    // ACT: npm start, in its own process group (Ctrl-C in a terminal signals the whole group)
    const npm = spawn('npm', ['start'], { cwd: clone.dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((resolve) => npm.once('exit', () => resolve()));
    try {
      await waitFor(() => output.includes('Ctrl-C stops everything started here.') || npm.exitCode !== null, START_TIMEOUT_MS, () => output);
      const banner = bannerLines(output);
      const url = /^ {2}dashboard +(http:\/\/\S+?)\/? /m.exec(banner)?.[1];
      const tokenFile = /^ {2}sign in +paste the admin token stored in (\S+) into the sign-in page$/m.exec(banner)?.[1];
      if (!url || !tokenFile) throw new Error(`the banner does not say where to go and how to sign in:\n${output}`);

      browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      page.setDefaultTimeout(UI_TIMEOUT_MS);
      await page.goto(url);
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'sign-in.png') });
      await page.locator('input[name="token"]').fill((await readFile(tokenFile, 'utf8')).trim());
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { name: 'Workflows' }).waitFor();
      await page.locator('[data-live="connected"]').waitFor();
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'dashboard.png') });
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Agents' }).click();
      await page.getByText('local-worker-2').waitFor();
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'agents.png') });

      // ASSERT
      expect(distExistedBefore).toBe(false);
      expect(output).toContain('building the dashboard into apps/dashboard/dist: it has not been built yet...');
      expect(output.indexOf('building the dashboard')).toBeLessThan(output.indexOf('Runtime Hub is up.'));
      expect(url).toBe(`http://127.0.0.1:${port}`);
      expect(tokenFile).toBe(path.join(env.RH_DATA_DIR, 'admin-token'));
      expect(existsSync(path.join(clone.dir, 'apps', 'dashboard', 'dist', 'index.html'))).toBe(true);
    } finally {
      // Ctrl-C: the terminal sends SIGINT to the foreground process group.
      if (npm.exitCode === null) process.kill(-npm.pid!, 'SIGINT');
    }
    let timer: NodeJS.Timeout | undefined;
    const stopped = await Promise.race([exited.then(() => true), new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), STOP_TIMEOUT_MS)))]);
    clearTimeout(timer);
    if (!stopped) process.kill(-npm.pid!, 'SIGKILL');
    // npm ends itself with the signal it forwarded; `up` says it stopped everything it started.
    expect(stopped).toBe(true);
    expect(output).toMatch(/stopping\.\.\.\n[\s\S]*stopped\n/);
    expect(groupAlive(npm.pid!)).toBe(false);
  }, START_TIMEOUT_MS + STOP_TIMEOUT_MS + 4 * UI_TIMEOUT_MS);
});

/** Whether any process of the group (npm, `up`, its workers) is still there. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The banner `up` prints, without the JSON log lines of the coordinator and workers around it. */
function bannerLines(output: string): string {
  return output
    .split('\n')
    .filter((line) => !line.startsWith('{'))
    .join('\n');
}

async function waitFor(condition: () => boolean, timeoutMs: number, explain: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms; output so far:\n${explain()}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
}
