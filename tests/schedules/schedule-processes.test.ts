/**
 * Schedules and batches across coordinator processes (real `runtime-hub coordinator` processes on one
 * Postgres database and one Redis prefix):
 *
 * - two coordinators fire a schedule every second together: every fire time is handled once
 *   and starts one run, both coordinators' workers take part;
 * - the only coordinator is killed (SIGKILL) for 5 s: the first fire it finds late on its
 *   return is a misfire, skipped or run once as the schedule says, and no fire counts twice;
 * - a coordinator killed (SIGKILL) between recording a fire and starting its run: the run is
 *   started when it comes back, with the fire's run id;
 * - a coordinator killed (SIGKILL) in the middle of a batch: after its restart the batch
 *   finishes, every item run exactly once.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { BatchRecord, ScheduleFirePage, ScheduleFireRecord, ScheduleRecord } from '@runtime-hub/protocol';
import { derivedRunId } from '../../apps/coordinator/src/runs/core/run-start-options';
import { REDIS_URL, eventually } from '../e2e/e2e.harness';
import { COORDINATOR_ONLY_WORKFLOW, CoordinatorCluster, type CoordinatorProcess } from './coordinator-processes';

const TEST_TIMEOUT_MS = 180_000;
const FIRE_WAIT_MS = 60_000;
/** Hundreds of runs through a restarted coordinator on a shared machine: bounded, far above what they take on a quiet one (~20 s). */
const BATCH_WAIT_MS = 180_000;
const BATCH_TEST_TIMEOUT_MS = 2 * BATCH_WAIT_MS;
/** Seconds the coordinator stays dead. */
const DOWN_MS = 5_000;
/** A fire handled 2 s after its time is late: the outage is well past it, normal handling well within it. */
const MISFIRE_GRACE_MS = '2000';

async function history(coordinator: CoordinatorProcess, scheduleId: string): Promise<ScheduleFireRecord[]> {
  const response = await coordinator.api<ScheduleFirePage>('GET', `/api/schedules/${scheduleId}/fires?limit=500`);
  if (response.status !== 200) throw new Error(`fires: ${response.status} ${response.text}`);
  return response.body.items;
}

async function setUp(coordinator: CoordinatorProcess, schedules: Array<Record<string, unknown>>): Promise<ScheduleRecord[]> {
  const stored = await coordinator.api<{ id: string }>('POST', '/api/workflows', { definition: COORDINATOR_ONLY_WORKFLOW });
  if (stored.status !== 201) throw new Error(`workflow: ${stored.status} ${stored.text}`);
  const created: ScheduleRecord[] = [];
  for (const schedule of schedules) {
    const response = await coordinator.api<ScheduleRecord>('POST', '/api/schedules', { workflowId: stored.body.id, everyMs: 1_000, ...schedule });
    if (response.status !== 201) throw new Error(`schedule: ${response.status} ${response.text}`);
    created.push(response.body);
  }
  return created;
}

/** Runs per schedule and per fire time: a fire that started two runs would show here. */
async function runsPerFire(cluster: CoordinatorCluster, scheduleId: string): Promise<Array<{ fire_at: Date; runs: number }>> {
  return cluster.sql<{ fire_at: Date; runs: number }>(
    `select f.fire_at, (select count(*)::int from runs r where r.trigger_id = f.schedule_id and r.id = f.run_id) as runs
       from schedule_fires f where f.schedule_id = $1 and f.outcome = 'started' order by f.fire_at`,
    [scheduleId],
  );
}

describe('schedules across coordinator processes', () => {
  let cluster: CoordinatorCluster | undefined;

  afterEach(async () => {
    await cluster?.close();
    cluster = undefined;
  });

  it('two coordinators on one database never fire a schedule twice', async () => {
    cluster = await CoordinatorCluster.boot(2);
    const [first, second] = cluster.coordinators as [CoordinatorProcess, CoordinatorProcess];
    const [schedule] = await setUp(first, [{ name: 'shared-second' }]);

    const fires = await eventually(async () => {
      const items = await history(second, schedule!.id);
      return items.length >= 8 ? items : undefined;
    }, FIRE_WAIT_MS, () => 'eight fires');
    await first.api('POST', `/api/schedules/${schedule!.id}/pause`);

    // Both coordinators' workers compete for the fires.
    const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
    const queue = new Queue('schedules', { connection: redis, prefix: cluster.prefix });
    try {
      expect((await queue.getWorkers()).length).toBe(2);
    } finally {
      await queue.close();
      redis.disconnect();
    }
    // Every fire time once, one second apart, each with exactly one run.
    const times = fires.map((fire) => Date.parse(fire.fireAt)).sort((a, b) => a - b);
    expect(new Set(times).size).toBe(times.length);
    for (let index = 1; index < times.length; index += 1) expect((times[index]! - times[index - 1]!) % 1_000).toBe(0);
    const counted = await runsPerFire(cluster, schedule!.id);
    expect(counted.length).toBe(fires.filter((fire) => fire.outcome === 'started').length);
    expect(counted.every((row) => row.runs === 1)).toBe(true);
    const [runs] = await cluster.sql<{ count: number }>(`select count(*)::int as count from runs where trigger_id = $1`, [schedule!.id]);
    expect(runs!.count).toBe(counted.length);
  }, TEST_TIMEOUT_MS);

  it('a coordinator killed for 5 s: misfire skip starts nothing for the outage, run-once starts one run, no fire twice', async () => {
    cluster = await CoordinatorCluster.boot(1, { RH_SCHEDULE_MISFIRE_GRACE_MS: MISFIRE_GRACE_MS });
    const coordinator = cluster.coordinators[0]!;
    const [skip, once] = await setUp(coordinator, [
      { name: 'misfire-skip', misfire: 'skip' },
      // A run the kill left unfinished is finished by the reconciler after the restart, maybe after
      // the misfire is handled: overlap queue lets the misfire's run wait for it rather than skip.
      { name: 'misfire-run-once', misfire: 'run-once', overlap: 'queue' },
    ]);
    for (const schedule of [skip!, once!]) {
      await eventually(async () => ((await history(coordinator, schedule.id)).length >= 2 ? true : undefined), FIRE_WAIT_MS, () => `${schedule.name} to fire twice`);
    }

    // ACT: kill -9, 5 s dead, start again
    await coordinator.kill();
    const killedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, DOWN_MS));
    await coordinator.start();
    const back = await eventually(
      async () => {
        const [a, b] = [await history(coordinator, skip!.id), await history(coordinator, once!.id)];
        const recovered = (items: ScheduleFireRecord[]) => items.some((fire) => fire.missedFires > 0) && items.some((fire) => Date.parse(fire.handledAt) > Date.parse(items.find((f) => f.missedFires > 0)!.handledAt));
        return recovered(a) && recovered(b) ? { skip: a, once: b } : undefined;
      },
      FIRE_WAIT_MS,
      () => 'both schedules to handle their misfire and fire on after it',
      async () => coordinator.process.output,
    );
    for (const schedule of [skip!, once!]) await coordinator.api('POST', `/api/schedules/${schedule.id}/pause`);

    // ASSERT: skip — the late fire is skipped, counting the outage's fires; no run for them
    const skipMisfire = back.skip.filter((fire) => fire.missedFires > 0);
    expect(skipMisfire).toHaveLength(1);
    expect(skipMisfire[0]).toMatchObject({ outcome: 'skipped-misfire', runId: null });
    expect(skipMisfire[0]!.missedFires).toBeGreaterThanOrEqual(DOWN_MS / 1_000 - 1);
    expect(skipMisfire[0]!.detail).toMatch(/came too late .*misfire policy skip$/);
    // run-once — one run stands for the whole outage
    const onceMisfire = back.once.filter((fire) => fire.missedFires > 0);
    expect(onceMisfire).toHaveLength(1);
    expect(onceMisfire[0]).toMatchObject({ outcome: 'started' });
    expect(onceMisfire[0]!.missedFires).toBeGreaterThanOrEqual(DOWN_MS / 1_000 - 1);
    expect(onceMisfire[0]!.detail).toMatch(/misfire policy run-once: one run for all of them/);
    // No fire time handled while the coordinator was dead; none twice; one run per started fire.
    for (const [schedule, items] of [[skip!, back.skip], [once!, back.once]] as const) {
      const times = items.map((fire) => fire.fireAt);
      expect(new Set(times).size).toBe(times.length);
      const startedDuringOutage = items.filter((fire) => fire.outcome === 'started' && fire.missedFires === 0 && Date.parse(fire.fireAt) > killedAt && Date.parse(fire.fireAt) < killedAt + DOWN_MS);
      expect(startedDuringOutage).toEqual([]);
      const counted = await runsPerFire(cluster, schedule.id);
      expect(counted.every((row) => row.runs === 1)).toBe(true);
      const [runs] = await cluster.sql<{ count: number }>(`select count(*)::int as count from runs where trigger_id = $1`, [schedule.id]);
      expect(runs!.count).toBe(items.filter((fire) => fire.outcome === 'started').length);
    }
  }, TEST_TIMEOUT_MS);

  it('a fire recorded but never started (killed between the two commits) gets its run when the coordinator comes back', async () => {
    cluster = await CoordinatorCluster.boot(1);
    const coordinator = cluster.coordinators[0]!;
    const [schedule] = await setUp(coordinator, [{ name: 'cut-off', everyMs: 3_600_000 }]);
    await coordinator.api('POST', `/api/schedules/${schedule!.id}/pause`);
    await coordinator.kill();

    // ARRANGE: the state a kill between the fire's commit and the run's leaves behind
    const runId = derivedRunId('schedule', schedule!.id, Date.parse('2026-01-01T00:00:00Z'));
    await cluster.sql(`insert into schedule_fires (schedule_id, fire_at, handled_at, manual, outcome, run_id) values ($1, '2026-01-01T00:00:00Z', now(), false, 'started', $2)`, [schedule!.id, runId]);

    // ACT
    await coordinator.start();

    // ASSERT: that fire's run exists with the fire's id, and is the schedule's only run
    const run = await eventually(
      async () => {
        const response = await coordinator.api<{ id: string; trigger: string; status: string; startedBy: string | null }>('GET', `/api/runs/${runId}`);
        return response.status === 200 ? response.body : undefined;
      },
      FIRE_WAIT_MS,
      () => 'the unstarted fire to get its run',
      async () => coordinator.process.output,
    );
    expect(run).toMatchObject({ id: runId, trigger: 'schedule', startedBy: 'schedule:cut-off' });
    const [runs] = await cluster.sql<{ count: number }>(`select count(*)::int as count from runs where trigger_id = $1`, [schedule!.id]);
    expect(runs!.count).toBe(1);
  }, TEST_TIMEOUT_MS);

  it('a batch survives a coordinator killed in its middle: it finishes, every item run once', async () => {
    cluster = await CoordinatorCluster.boot(1, { RH_BATCH_SWEEP_INTERVAL_MS: '1000', RH_RECONCILE_INTERVAL_MS: '1000' });
    const coordinator = cluster.coordinators[0]!;
    const stored = await coordinator.api<{ id: string }>('POST', '/api/workflows', { definition: COORDINATOR_ONLY_WORKFLOW });
    const items = Array.from({ length: 600 }, (_, n) => ({ n }));
    const started = await coordinator.api<BatchRecord>('POST', '/api/batches', { workflowId: stored.body.id, items, concurrency: 5 });
    expect(started.status).toBe(201);
    const batchId = started.body.id;
    const progress = async () => (await coordinator.api<BatchRecord>('GET', `/api/batches/${batchId}`)).body;
    await eventually(async () => ((await progress()).progress.succeeded >= 30 ? true : undefined), FIRE_WAIT_MS, () => '30 items done');

    // ACT: kill -9 in the middle, start again
    await coordinator.kill();
    const [atKill] = await cluster.sql<{ done: number }>(`select count(*)::int as done from batch_items where batch_id = $1 and status = 'succeeded'`, [batchId]);
    expect(atKill!.done).toBeLessThan(600);
    await coordinator.start();
    const finished = await eventually(
      async () => {
        const record = await progress().catch(() => undefined);
        return record?.status === 'finished' ? record : undefined;
      },
      BATCH_WAIT_MS,
      () => 'the batch to finish after the restart',
      async () => JSON.stringify(await progress().catch(() => undefined)),
    );

    // ASSERT: all done, one run per item, none started twice
    expect(finished.progress).toEqual({ total: 600, waiting: 0, running: 0, succeeded: 600, failed: 0, cancelled: 0 });
    const [counts] = await cluster.sql<{ runs: number; distinct_items: number; retried: number }>(
      `select (select count(*)::int from runs where trigger_id = $1) as runs,
              (select count(distinct run_id)::int from batch_items where batch_id = $1) as distinct_items,
              (select count(*)::int from batch_items where batch_id = $1 and attempts <> 1) as retried`,
      [batchId],
    );
    expect(counts).toEqual({ runs: 600, distinct_items: 600, retried: 0 });
  }, BATCH_TEST_TIMEOUT_MS);
});
