/**
 * Fault suite: an agent dies or is stopped in the middle of a node.
 *
 * - kill -9 of the agent running an effect node: the node is retried on another agent and
 *   the run succeeds; the killed attempt is counted failed, so its effect (if it got that far)
 *   never counts as the node's success. The job it held is removed once its lock expires;
 *   the agent comes back as the same agent and runs nothing again.
 * - SIGTERM of the agent running an effect node: it drains (the task in flight finishes and
 *   its result is recorded) and exits 0.
 *
 * Each asserts: every accepted run finished, no node effect counted twice, nothing stuck.
 */
import type { NodeRunRecord, RunRecord } from '@runtime-hub/protocol';
import { eventually } from '../e2e/e2e.harness';
import { effectWorkflow, FaultFleet } from './fleet-faults.harness';

const BOOT_TIMEOUT_MS = 60_000;
const RUN_TIMEOUT_MS = 40_000;
const TEST_TIMEOUT_MS = 2 * RUN_TIMEOUT_MS;
/** Longer than the effect node's sleep: a SIGTERM'd worker lets it finish. */
const DRAIN_GRACE_MS = '15000';
const WORKER_ENV = { RH_WORKER_SHUTDOWN_GRACE_MS: DRAIN_GRACE_MS };
/** How long the job a killed worker held may take to be settled once that worker is back. */
const SETTLE_TIMEOUT_MS = 20_000;

function node(run: RunRecord, id: string): NodeRunRecord {
  const found = run.nodes.find((candidate) => candidate.nodeId === id);
  if (!found) throw new Error(`run ${run.id} has no node ${id}`);
  return found;
}

describe('faults: an agent lost or stopped mid-node', () => {
  let fleet: FaultFleet | undefined;
  let ids: Map<string, string>;

  beforeAll(async () => {
    fleet = await FaultFleet.boot({ workers: ['loss-1', 'loss-2', 'loss-3'], workerEnv: WORKER_ENV });
    ids = await fleet.waitForWorkers(['loss-1', 'loss-2', 'loss-3']);
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    await fleet?.close();
  }, BOOT_TIMEOUT_MS);

  async function runningOn(runId: string): Promise<string> {
    const running = await eventually(
      async () => {
        const effect = node(await (fleet as FaultFleet).run(runId), 'effect');
        return effect.status === 'running' && effect.agentId ? effect : undefined;
      },
      RUN_TIMEOUT_MS,
      () => 'node "effect" to run',
    );
    const name = [...ids].find(([, id]) => id === running.agentId)?.[0];
    if (!name) throw new Error(`agent ${running.agentId} is none of the workers`);
    return name;
  }

  it('kill -9 of the agent running a node: retried on another, the run succeeds, the effect counts once', async () => {
    // ARRANGE
    const f = fleet as FaultFleet;
    const started = await f.startRun(effectWorkflow('faults-kill-agent', f.database.url, 2));
    const victim = await runningOn(started.id);

    // ACT
    const exit = await f.worker(victim).stop('SIGKILL');
    const [run] = await f.waitForRuns([started.id], RUN_TIMEOUT_MS);

    // ASSERT
    expect(exit.signal).toBe('SIGKILL');
    expect(run!.status).toBe('succeeded');
    expect(node(run!, 'effect').attempt).toBeGreaterThanOrEqual(2);
    expect(node(run!, 'effect').agentId).not.toBe(ids.get(victim));
    expect(await f.effectViolations([started.id])).toEqual([]);
    const effectsBefore = await f.sql('select * from effects where run_id = $1', [started.id]);
    // The job the killed agent held is removed once its lock expires, though it never returns.
    await f.waitUntilNothingStuck(SETTLE_TIMEOUT_MS);

    // The killed agent comes back as the same agent and runs nothing again.
    f.worker(victim).start();
    expect((await f.waitForWorkers([victim])).get(victim)).toBe(ids.get(victim));
    await f.waitForRuns([(await f.startRun(effectWorkflow('faults-after-return', f.database.url, 0))).id], RUN_TIMEOUT_MS);
    expect(await f.sql('select * from effects where run_id = $1', [started.id])).toEqual(effectsBefore);
    expect((await f.run(started.id)).status).toBe('succeeded');
    expect(await f.stuck()).toEqual([]);
  }, TEST_TIMEOUT_MS);

  it('SIGTERM of the agent running a node: it drains, the result is recorded once, and it exits 0', async () => {
    // ARRANGE
    const f = fleet as FaultFleet;
    const started = await f.startRun(effectWorkflow('faults-drain-agent', f.database.url, 2));
    const victim = await runningOn(started.id);

    // ACT
    const exit = await f.worker(victim).stop('SIGTERM');
    const [run] = await f.waitForRuns([started.id], RUN_TIMEOUT_MS);

    // ASSERT
    expect(exit).toEqual({ code: 0, signal: null });
    expect(run!.status).toBe('succeeded');
    expect(node(run!, 'effect')).toMatchObject({ status: 'succeeded', attempt: 1, agentId: ids.get(victim) });
    expect(await f.effectViolations([started.id])).toEqual([]);
    expect(await f.stuck()).toEqual([]);
  }, TEST_TIMEOUT_MS);
});
