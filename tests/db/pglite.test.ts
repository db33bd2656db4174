import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { CONDITIONAL_RUN_ID, RUN_ID, expectConditionalUpdate, expectMigratedTwice, expectRunRoundTrip, type PgliteObservations } from './scenarios';

const run = promisify(execFile);
const repoRoot = path.resolve(__dirname, '..', '..');

/** PGlite creates a new cluster (initdb) on each fresh open, a few seconds each: twice here. */
const PGLITE_SCENARIOS_TIMEOUT_MS = 120_000;

describe('PGlite backend (embedded default)', () => {
  let parent: string;
  let observations: PgliteObservations;
  let dataDir: string;

  beforeAll(async () => {
    parent = await mkdtemp(path.join(os.tmpdir(), 'rh-pglite-'));
    dataDir = path.join(parent, 'data', 'not-yet-created');
    // In a child process: PGlite cannot start inside a jest worker (see pglite-runner.ts).
    const { stdout } = await run(process.execPath, ['bin/run-ts.js', 'tests/db/pglite-runner.ts', dataDir], {
      cwd: repoRoot,
      timeout: PGLITE_SCENARIOS_TIMEOUT_MS,
    });
    observations = JSON.parse(stdout) as PgliteObservations;
  }, PGLITE_SCENARIOS_TIMEOUT_MS);

  afterAll(async () => {
    await rm(parent, { recursive: true, force: true });
  });

  it('opens PGlite in a data directory it creates', async () => {
    expect(observations.kind).toBe('pglite');
    expect((await stat(dataDir)).isDirectory()).toBe(true);
  });

  it('migrates a fresh database, and a second migrate applies nothing', () => {
    expectMigratedTwice(observations.migrateTwice);
  });

  it('stores a run with its node runs and fan-out tasks and reads them back', () => {
    expectRunRoundTrip(observations.runRoundTrip);
  });

  it('ignores a result for a stale attempt and a duplicate delivery', () => {
    expectConditionalUpdate(observations.conditionalUpdate);
  });

  it('keeps its data across a reopen, already migrated', () => {
    expectMigratedTwice(observations.reopened.migrateTwice);
    expect(observations.reopened.runIds).toEqual([CONDITIONAL_RUN_ID, RUN_ID].sort());
  });

  it('runs in memory as well', () => {
    expectMigratedTwice(observations.inMemory.migrateTwice);
  });
});
