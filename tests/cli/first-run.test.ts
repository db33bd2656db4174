/**
 * The first hour, as a new user meets it: a clean checkout (no dashboard build, no data),
 * `npm start`, then a browser at the URL it prints, signing in as it says. The embedded
 * database (no DATABASE_URL); the test's own port, data folder, Redis prefix.
 */
import { spawn } from 'node:child_process';
import { existsSync, utimesSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { freeLoopbackPort } from '../../apps/cli/src/up/redis-probe';
import { deleteQueuePrefixKeys, TEST_REDIS_URL, uniqueQueuePrefix } from '../coordinator-api/coordinator.harness';
import { connectedPortsOf } from '../security/process-connections';
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
const BANNER_END = 'Ctrl-C stops everything started here.';
/** What only the coordinator may hold (apps/cli/src/up/local-workers.ts). */
const COORDINATOR_ONLY_SETTINGS = ['REDIS_URL', 'DATABASE_URL', 'RH_ADMIN_TOKEN', 'RH_QUEUE_PREFIX'];
const REDIS_PORT = Number(new URL(TEST_REDIS_URL).port || 6379);

describe('first run: npm start from a fresh clone', () => {
  let clone: FreshClone;
  let browser: Browser | undefined;
  let env: Record<string, string>;
  const prefix = uniqueQueuePrefix();

  beforeAll(async () => {
    clone = await freshClone();
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    env = {
      PATH: process.env.PATH ?? '',
      HOME: clone.scratch,
      npm_config_update_notifier: 'false',
      REDIS_URL: TEST_REDIS_URL,
      RH_PORT: String(await freeLoopbackPort()),
      RH_DATA_DIR: path.join(clone.scratch, 'data'),
      RH_QUEUE_PREFIX: prefix,
    };
  });

  afterAll(async () => {
    await browser?.close();
    await clone?.remove();
    await deleteQueuePrefixKeys(prefix);
  });

  it('builds the dashboard, prints how to sign in, and the browser signs in with it', async () => {
    // ARRANGE: a clean checkout, as after `git clone`
    const distExistedBefore = existsSync(path.join(clone.dir, 'apps', 'dashboard', 'dist'));

    let workers: WorkerProcess[] = [];

    // ACT: npm start; a browser at the printed URL, signed in as the banner says; Ctrl-C
    const { output, url, tokenFile, stopped } = await npmStart(clone.dir, env, async (started) => {
      browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      page.setDefaultTimeout(UI_TIMEOUT_MS);
      await page.goto(started.url);
      await page.getByRole('heading', { name: 'Sign in', exact: true }).waitFor();
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'sign-in.png') });
      await page.locator('input[name="token"]').fill((await readFile(started.tokenFile, 'utf8')).trim());
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByRole('heading', { name: 'Workflows', exact: true }).waitFor();
      await page.locator('[data-live="connected"]').waitFor();
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'dashboard.png') });
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Agents', exact: true }).click();
      await page.getByText('local-worker-2', { exact: true }).waitFor();
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'agents.png') });
      workers = await workersOf(started.url);
    });

    // ASSERT
    expect(distExistedBefore).toBe(false);
    expect(output).toContain('building the dashboard into apps/dashboard/dist: it has not been built yet...');
    expect(output.indexOf('building the dashboard')).toBeLessThan(output.indexOf('Runtime Hub is up.'));
    expect(url).toBe(`http://127.0.0.1:${env.RH_PORT}`);
    expect(tokenFile).toBe(path.join(env.RH_DATA_DIR!, 'admin-token'));
    expect(existsSync(path.join(clone.dir, 'apps', 'dashboard', 'dist', 'index.html'))).toBe(true);
    // The workers `up` started hold no queue or database credential and reach the coordinator alone.
    expect(workers.map((worker) => worker.name).sort()).toEqual(['local-worker-1', 'local-worker-2']);
    for (const worker of workers) {
      expect({ name: worker.name, coordinatorOnly: worker.settings.filter((name) => COORDINATOR_ONLY_SETTINGS.includes(name)) }).toEqual({ name: worker.name, coordinatorOnly: [] });
      expect({ name: worker.name, toRedis: worker.connectedPorts.includes(REDIS_PORT), toCoordinator: worker.connectedPorts.includes(Number(env.RH_PORT)) }).toEqual({
        name: worker.name,
        toRedis: false,
        toCoordinator: true,
      });
    }
    // Ctrl-C ended npm, `up` and its workers; `up` said it stopped everything it started.
    expect(stopped).toBe(true);
    expect(output).toMatch(/stopping\.\.\.\n[\s\S]*stopped\n/);
  }, START_TIMEOUT_MS + STOP_TIMEOUT_MS + 4 * UI_TIMEOUT_MS);

  it('builds again only after a source of the dashboard changed', async () => {
    // ARRANGE: a source edited after the build of the first start
    const now = new Date();
    utimesSync(path.join(clone.dir, 'apps', 'dashboard', 'src', 'main.ts'), now, now);

    // ACT: two more starts, the second with nothing changed
    const afterEdit = await npmStart(clone.dir, env, async () => undefined);
    const unchanged = await npmStart(clone.dir, env, async () => undefined);

    // ASSERT
    expect(afterEdit.output).toContain('building the dashboard into apps/dashboard/dist: its sources changed since the last build...');
    expect(unchanged.output).not.toContain('building the dashboard');
    expect(unchanged.output).toContain('Runtime Hub is up.');
    expect([afterEdit.stopped, unchanged.stopped]).toEqual([true, true]);
  }, 2 * (START_TIMEOUT_MS + STOP_TIMEOUT_MS));
});

interface WorkerProcess {
  readonly name: string;
  /** Names of the variables in its environment. */
  readonly settings: string[];
  readonly connectedPorts: number[];
}

/** The worker processes started for the coordinator at `url` (`runtime-hub worker --url <url>`), from /proc. */
async function workersOf(url: string): Promise<WorkerProcess[]> {
  const workers: WorkerProcess[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const argv = (await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '')).split('\0');
    const at = argv.indexOf('worker');
    if (at < 0 || argv[argv.indexOf('--url') + 1] !== url) continue;
    const environ = await readFile(`/proc/${entry}/environ`, 'utf8').catch(() => '');
    workers.push({
      name: argv[argv.indexOf('--name') + 1] ?? '',
      settings: environ.split('\0').map((pair) => pair.split('=')[0]!).filter(Boolean),
      connectedPorts: await connectedPortsOf(Number(entry)),
    });
  }
  return workers;
}

interface Started {
  readonly url: string;
  readonly tokenFile: string;
}

/**
 * `npm start` in its own process group, until its banner is printed; then `use`, then Ctrl-C
 * (a terminal sends SIGINT to the whole foreground group) and the wait for every process of
 * the group to end.
 */
async function npmStart(cwd: string, env: Record<string, string>, use: (started: Started) => Promise<void>): Promise<Started & { output: string; stopped: boolean }> {
  const npm = spawn('npm', ['start'], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => npm.once('exit', () => resolve()));
  let started: Started;
  try {
    await waitFor(() => output.includes(BANNER_END) || npm.exitCode !== null, START_TIMEOUT_MS, () => output);
    const banner = bannerLines(output);
    const url = /^ {2}dashboard +(http:\/\/\S+?)\/? /m.exec(banner)?.[1];
    const tokenFile = /^ {2}sign in +paste the admin token stored in (\S+) into the sign-in page$/m.exec(banner)?.[1];
    if (!url || !tokenFile) throw new Error(`the banner does not say where to go and how to sign in:\n${output}`);
    started = { url, tokenFile };
    await use(started);
  } finally {
    if (npm.exitCode === null) process.kill(-npm.pid!, 'SIGINT');
  }
  // Stopped: every process of the group has ended (npm may end before the processes it started).
  const stopped = await waitFor(() => !groupAlive(npm.pid!), STOP_TIMEOUT_MS, () => output).then(
    () => true,
    () => false,
  );
  if (!stopped) process.kill(-npm.pid!, 'SIGKILL');
  await exited;
  return { ...started, output, stopped };
}

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
