/**
 * Fault suite: the coordinator is killed (SIGKILL) with 50 runs in flight, then started again
 * on the same database and Redis. Every accepted run finishes, each effect node's effect
 * counts once, and nothing is left queued, running or active.
 */
import { effectWorkflow, FaultFleet } from './fleet-faults.harness';

const RUNS = 50;
const BOOT_TIMEOUT_MS = 60_000;
const RUN_TIMEOUT_MS = 120_000;
const TEST_TIMEOUT_MS = 2 * RUN_TIMEOUT_MS;
/** Runs that must have finished before the kill, so it lands with the rest still in flight. */
const FINISHED_BEFORE_KILL = 5;
const SETTLE_TIMEOUT_MS = 20_000;

describe('faults: the coordinator killed with runs in flight', () => {
  let fleet: FaultFleet | undefined;

  beforeAll(async () => {
    fleet = await FaultFleet.boot({ workers: ['restart-1', 'restart-2'] });
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await fleet?.close();
  }, BOOT_TIMEOUT_MS);

  it(`kill -9 of the coordinator with ${RUNS} runs in flight: after a restart every run finishes, each effect once`, async () => {
    // ARRANGE
    const f = fleet as FaultFleet;
    const ids: string[] = [];
    for (let index = 0; index < RUNS; index += 1) ids.push((await f.startRun(effectWorkflow('faults-coordinator-kill', f.database.url, 0.3))).id);
    await f.waitForFinishedCount(ids, FINISHED_BEFORE_KILL, RUN_TIMEOUT_MS, `${FINISHED_BEFORE_KILL} runs to finish before the kill`);

    // ACT
    const exit = await f.coordinator.stop('SIGKILL');
    const inFlight = await f.countRuns(ids, 'running');
    await f.startCoordinator();
    const runs = await f.waitForRuns(ids, RUN_TIMEOUT_MS);

    // ASSERT
    expect(exit.signal).toBe('SIGKILL');
    expect(inFlight).toBeGreaterThan(0);
    expect(runs.map((run) => run.status)).toEqual(ids.map(() => 'succeeded'));
    expect(await f.effectViolations(ids)).toEqual([]);
    await f.waitUntilNothingStuck(SETTLE_TIMEOUT_MS);
  }, TEST_TIMEOUT_MS);
});
