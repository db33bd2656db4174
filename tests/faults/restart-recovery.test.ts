/**
 * Fault suite: processes that come back.
 *
 * - A worker killed (-9) mid-node and restarted before the coordinator counts it lost
 *   registers without that attempt: the coordinator fails it (AGENT_LOST) at once and retries
 *   it; the run succeeds and the effect counts once.
 * - A run that a coordinator died recovering, again and again, is quarantined (failed with
 *   RUN_QUARANTINED) at the next start, and the coordinator keeps serving.
 */
import type { NodeRunRecord, RunRecord } from '@runtime-hub/protocol';
import { eventually } from '../e2e/e2e.harness';
import { effectWorkflow, FaultFleet } from './fleet-faults.harness';

const BOOT_TIMEOUT_MS = 60_000;
const RUN_TIMEOUT_MS = 40_000;
const TEST_TIMEOUT_MS = 3 * RUN_TIMEOUT_MS;
/** Long enough that the restarted worker returns within it: the coordinator never counts it lost. */
const RESTART_TIMINGS = { RH_AGENT_DISCONNECT_GRACE_MS: '20000', RH_AGENT_OFFLINE_AFTER_MS: '30000' };
/** As the coordinator's default. */
const MAX_RECOVERIES = 3;

function node(run: RunRecord, id: string): NodeRunRecord {
  const found = run.nodes.find((candidate) => candidate.nodeId === id);
  if (!found) throw new Error(`run ${run.id} has no node ${id}`);
  return found;
}

describe('faults: a worker and a coordinator that come back', () => {
  let fleet: FaultFleet | undefined;

  beforeAll(async () => {
    fleet = await FaultFleet.boot({ workers: ['restart-1'], coordinatorEnv: { ...RESTART_TIMINGS, RH_RUN_MAX_RECOVERIES: String(MAX_RECOVERIES) } });
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await fleet?.close();
  }, BOOT_TIMEOUT_MS);

  it('fails the attempt a restarted worker no longer holds, at once, and retries it', async () => {
    // ARRANGE
    const f = fleet as FaultFleet;
    const ids = await f.waitForWorkers(['restart-1']);
    const started = await f.startRun(effectWorkflow('faults-restart-worker', f.database.url, 2));
    await eventually(async () => (node(await f.run(started.id), 'effect').status === 'running' ? true : undefined), RUN_TIMEOUT_MS, () => 'node "effect" to run');

    // ACT: kill -9 and start again at once, well within the disconnect grace
    await f.worker('restart-1').stop('SIGKILL');
    f.worker('restart-1').start();
    const [run] = await f.waitForRuns([started.id], RUN_TIMEOUT_MS);

    // ASSERT
    expect(run!.status).toBe('succeeded');
    expect(node(run!, 'effect')).toMatchObject({ status: 'succeeded', attempt: 2, agentId: ids.get('restart-1') });
    const logs = await f.api<{ items: Array<{ line: string; attempt: number }> }>('GET', `/api/runs/${started.id}/logs?nodeId=effect`);
    expect(logs.body.items.map((item) => item.line)).toContainEqual(expect.stringContaining('restarted while running attempt 1 and no longer holds it'));
    expect(await f.effectViolations([started.id])).toEqual([]);
    // It never counted as lost: the retry did not wait for the offline threshold.
    expect((await f.agents()).find((agent) => agent.name === 'restart-1')?.status).toBe('online');
    await f.waitUntilNothingStuck(RUN_TIMEOUT_MS);
  }, TEST_TIMEOUT_MS);

  it('quarantines a run that the coordinator died recovering too many times, and keeps serving', async () => {
    // ARRANGE: a run in flight, and a record of coordinator starts that died while recovering it
    const f = fleet as FaultFleet;
    const poisoned = await f.startRun(effectWorkflow('faults-poisoned-run', f.database.url, 30));
    await eventually(async () => (node(await f.run(poisoned.id), 'effect').status === 'running' ? true : undefined), RUN_TIMEOUT_MS, () => 'node "effect" to run');
    await f.coordinator.stop('SIGKILL');
    await f.sql('update runs set recoveries = $2 where id = $1', [poisoned.id, MAX_RECOVERIES]);

    // ACT
    await f.startCoordinator();
    const [run] = await f.waitForRuns([poisoned.id], RUN_TIMEOUT_MS);

    // ASSERT: failed, saying why; the coordinator still runs other work
    expect(run!.status).toBe('failed');
    expect(run!.error).toMatchObject({ code: 'RUN_QUARANTINED', message: expect.stringContaining(`stopped ${MAX_RECOVERIES} times while recovering this run`) });
    const healthy = await f.startRun(effectWorkflow('faults-after-quarantine', f.database.url, 0));
    const [after] = await f.waitForRuns([healthy.id], RUN_TIMEOUT_MS);
    expect(after!.status).toBe('succeeded');
    const [row] = await f.sql<{ recoveries: number }>('select recoveries from runs where id = $1', [poisoned.id]);
    expect(row?.recoveries).toBe(0);
  }, TEST_TIMEOUT_MS);
});
