/**
 * Fault suite: Redis (AOF on, appendfsync everysec, as docker-compose ships it) is killed
 * (SIGKILL: up to its last second of writes may be lost) and started again while runs are in
 * flight. The coordinator and the workers reconnect; tasks whose locks or completions were
 * lost are delivered again, and a worker that already finished one sends its result again
 * instead of running it again. Every accepted run finishes, each effect node's effect counts
 * once, and nothing is left queued, running or active.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { effectWorkflow, FaultFleet } from './fleet-faults.harness';

const RUNS = 20;
const BOOT_TIMEOUT_MS = 60_000;
const RUN_TIMEOUT_MS = 120_000;
const TEST_TIMEOUT_MS = 2 * RUN_TIMEOUT_MS;
/** How long Redis stays down: long enough for every client to notice and start reconnecting. */
const REDIS_DOWN_MS = 2_000;
const FINISHED_BEFORE_RESTART = 3;
const SETTLE_TIMEOUT_MS = 20_000;

describe('faults: Redis restarted with runs in flight', () => {
  let fleet: FaultFleet | undefined;

  beforeAll(async () => {
    fleet = await FaultFleet.boot({ workers: ['redis-1', 'redis-2'] });
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await fleet?.close();
  }, BOOT_TIMEOUT_MS);

  it(`restarting Redis with ${RUNS} runs in flight: every run finishes, each effect once, nothing stuck`, async () => {
    // ARRANGE
    const f = fleet as FaultFleet;
    const ids: string[] = [];
    for (let index = 0; index < RUNS; index += 1) ids.push((await f.startRun(effectWorkflow('faults-redis-restart', f.database.url, 0.5))).id);
    await f.waitForFinishedCount(ids, FINISHED_BEFORE_RESTART, RUN_TIMEOUT_MS, `${FINISHED_BEFORE_RESTART} runs to finish before Redis restarts`);

    // ACT
    const exit = await f.redis.stop('SIGKILL');
    const inFlight = await f.countRuns(ids, 'running');
    await sleep(REDIS_DOWN_MS);
    await f.redis.start();
    const runs = await f.waitForRuns(ids, RUN_TIMEOUT_MS);

    // ASSERT
    expect(exit.signal).toBe('SIGKILL');
    expect(inFlight).toBeGreaterThan(0);
    expect(runs.map((run) => run.status)).toEqual(ids.map(() => 'succeeded'));
    expect(await f.effectViolations(ids)).toEqual([]);
    await f.waitUntilNothingStuck(SETTLE_TIMEOUT_MS);
  }, TEST_TIMEOUT_MS);
});
