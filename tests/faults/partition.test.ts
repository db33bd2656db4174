/**
 * Fault suite: one agent is cut off from the coordinator (a TCP proxy between them is frozen
 * with SIGSTOP: nothing passes, nothing is reset) for longer than the offline threshold,
 * while it runs an effect node. The coordinator finds it silent, counts its attempt failed
 * (AGENT_LOST) and runs the node again on the other agent. The cut-off agent finishes its
 * attempt anyway and records its effect; when the partition heals, its late result is
 * ignored (the attempt is fenced off) and it resumes as the same agent without running the
 * task again. Every run finished, the effect counted once, nothing stuck.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { NodeRunRecord, RunRecord } from '@runtime-hub/protocol';
import { eventually } from '../e2e/e2e.harness';
import { effectWorkflow, FaultFleet } from './fleet-faults.harness';

const BOOT_TIMEOUT_MS = 60_000;
const RUN_TIMEOUT_MS = 40_000;
const TEST_TIMEOUT_MS = 3 * RUN_TIMEOUT_MS;
/** Seconds the effect node sleeps: it outlives the offline threshold (1.5 s). */
const EFFECT_SECONDS = 3;
/** The partition lasts at least this long: well past the offline threshold, so the node moved. */
const PARTITION_MIN_MS = 5_000;
const SETTLE_TIMEOUT_MS = 30_000;

function node(run: RunRecord, id: string): NodeRunRecord {
  const found = run.nodes.find((candidate) => candidate.nodeId === id);
  if (!found) throw new Error(`run ${run.id} has no node ${id}`);
  return found;
}

describe('faults: an agent partitioned from the coordinator mid-node', () => {
  let fleet: FaultFleet | undefined;

  beforeAll(async () => {
    // Least loaded, ties by name: an idle `a-cut` is chosen before `b-steady`.
    fleet = await FaultFleet.boot({ workers: ['a-cut', 'b-steady'], proxied: ['a-cut'] });
  }, BOOT_TIMEOUT_MS);

  afterAll(async () => {
    fleet?.proxy?.thaw();
    await fleet?.close();
  }, BOOT_TIMEOUT_MS);

  it('ignores the late result of the cut-off attempt, retries elsewhere, and the effect counts once', async () => {
    // ARRANGE
    const f = fleet as FaultFleet;
    const ids = await f.waitForWorkers(['a-cut', 'b-steady']);
    const started = await f.startRun(effectWorkflow('faults-partition', f.database.url, EFFECT_SECONDS));
    await eventually(
      async () => {
        const effect = node(await f.run(started.id), 'effect');
        return effect.status === 'running' && effect.agentId === ids.get('a-cut') ? true : undefined;
      },
      RUN_TIMEOUT_MS,
      () => 'node "effect" to run on a-cut',
      async () => JSON.stringify(await f.run(started.id), null, 1),
    );

    // ACT
    f.proxy!.freeze();
    const cutAt = Date.now();
    const duringPartition = await f.waitForRuns([started.id], RUN_TIMEOUT_MS);
    // The cut-off agent's own attempt runs to its end and records its effect (Postgres is not cut off).
    await eventually(
      async () => ((await f.sql(`select 1 from effects where run_id = $1 and attempt = 1`, [started.id])).length === 1 ? true : undefined),
      RUN_TIMEOUT_MS,
      () => 'the cut-off attempt to record its effect',
    );
    await sleep(Math.max(0, PARTITION_MIN_MS - (Date.now() - cutAt)));
    f.proxy!.thaw();
    await f.waitForWorkers(['a-cut', 'b-steady']);
    // It finished its attempt while cut off; the result goes out once the partition heals.
    const lateResult = await eventually(
      () => f.worker('a-cut').output.split('\n').find((line) => line.includes('"nodeId":"effect","attempt":1') && line.includes('task finished')),
      SETTLE_TIMEOUT_MS,
      () => 'a-cut to hand in its late result',
      async () => f.worker('a-cut').output,
    );
    await f.waitUntilNothingStuck(SETTLE_TIMEOUT_MS);
    const healed = await f.run(started.id);

    // ASSERT
    expect(duringPartition[0]!.status).toBe('succeeded');
    const effect = node(duringPartition[0]!, 'effect');
    expect(effect).toMatchObject({ status: 'succeeded', agentId: ids.get('b-steady') });
    expect(effect.attempt).toBeGreaterThanOrEqual(2);
    // The late result arrived and changed nothing.
    expect(lateResult).toContain('"status":"succeeded"');
    expect(healed.status).toBe('succeeded');
    expect(node(healed, 'effect')).toMatchObject({ status: 'succeeded', attempt: effect.attempt, agentId: ids.get('b-steady'), output: effect.output });
    expect(await f.effectViolations([started.id])).toEqual([]);
    const attempts = await f.sql<{ attempt: number }>(`select attempt from effects where run_id = $1 and node_id = 'effect' order by attempt`, [started.id]);
    expect(attempts.map((row) => row.attempt)).toEqual([1, effect.attempt]);
  }, TEST_TIMEOUT_MS);
});
