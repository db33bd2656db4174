import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PROCESS_TIMEOUT_MS, runCli } from './cli.harness';
import { bootTestCoordinator, TEST_ADMIN_TOKEN, type TestCoordinator } from './coordinator.harness';
import { edited, nightlyReport } from './workflow.fixtures';

/** Ten short CLI processes, one after the other. */
const CLI_SESSION_TIMEOUT_MS = 4 * PROCESS_TIMEOUT_MS;

describe('runtime-hub workflows', () => {
  let hub: TestCoordinator;
  let directory: string;

  beforeAll(async () => {
    hub = await bootTestCoordinator();
    directory = await mkdtemp(path.join(os.tmpdir(), 'rh-workflows-cli-'));
  });

  afterAll(async () => {
    await hub?.close();
    await rm(directory, { recursive: true, force: true });
  });

  const cli = async (...args: string[]) => runCli(['workflows', ...args], { RH_URL: hub.url, RH_TOKEN: TEST_ADMIN_TOKEN }).finished;

  it('pushes a file, shows its history and diff, and restores a version', async () => {
    /*
     * v1: collect ──► enough ──true──► publish        (threshold 10)
     * v2: the same, threshold 20
     * v3: restore of v1
     */
    // ARRANGE
    const file = path.join(directory, 'nightly-report.json');
    await writeFile(file, JSON.stringify(nightlyReport()));

    // ACT
    const pushed = await cli('push', file, '--message', 'first cut');
    const unchanged = await cli('push', file);
    await writeFile(file, JSON.stringify(edited(nightlyReport(), (d) => (d.inputs = { threshold: { type: 'number', default: 20 } }))));
    const pushedAgain = await cli('push', file, '--json');
    const id = (JSON.parse(pushedAgain.stdout) as { id: string }).id;
    const diff = await cli('diff', id, '1', '2');
    const restored = await cli('restore', id, '1');
    const versions = await cli('versions', id);
    const list = await cli('list');
    const shown = await cli('show', id, '--version', '2');
    const shownByName = await cli('versions', 'nightly-report', '--json');
    const unknown = await cli('show', 'no-such-workflow');

    // ASSERT
    expect(pushed.stdout).toMatch(/^nightly-report: stored as v1 \(id [\w-]+\)\n$/);
    expect(unchanged.stdout).toMatch(/^nightly-report: unchanged, still v1/);
    expect(JSON.parse(pushedAgain.stdout)).toMatchObject({ name: 'nightly-report', version: 2, created: true });
    expect(diff.stdout).toBe('v1 -> v2\n  input threshold.default: 10 -> 20\n');
    expect(restored.stdout).toBe('nightly-report: v1 restored as v3\n');
    expect(versions.stdout.split('\n')[0]).toMatch(/^VERSION\s+CREATED \(UTC\)\s+BY\s+MESSAGE$/);
    expect(versions.stdout).toMatch(/v3 .* restored from v1\n/);
    expect(versions.stdout).toMatch(/v1 .* first cut\n/);
    expect(list.stdout).toMatch(new RegExp(`${id}\\s+nightly-report\\s+v3`));
    expect(JSON.parse(shown.stdout)).toMatchObject({ name: 'nightly-report', inputs: { threshold: { default: 20 } } });
    expect((JSON.parse(shownByName.stdout) as { items: unknown[] }).items).toHaveLength(3);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('runtime-hub workflows: no workflow has the name or id "no-such-workflow" (see runtime-hub workflows)\n');
    for (const run of [pushed, unchanged, pushedAgain, diff, restored, versions, list, shown, shownByName]) expect(run.code).toBe(0);
  }, CLI_SESSION_TIMEOUT_MS);
});
