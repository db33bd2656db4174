/**
 * One fire time handled by two workers at once (BullMQ hands a stalled fire job out again while
 * the first worker still handles it), on a real coordinator and Postgres: both wait for the
 * schedule's row lock, which the test holds; the first records the fire and starts its run, the
 * second finds it recorded — although the fire was not there when its statement began — and
 * starts nothing more.
 *
 *   test: BEGIN; SELECT … FOR UPDATE (holds the lock)
 *   worker A ─► waits ─┐
 *   worker B ─► waits ─┤  test: COMMIT
 *                      ├─► A: records the fire, starts run R
 *                      └─► B: the fire is recorded: starts R again, which is R as it is
 */
import { Client } from 'pg';
import type { RunRecord } from '@runtime-hub/protocol';
import { derivedRunId } from '../../apps/coordinator/src/runs/core/run-start-options';
import { ScheduleFires } from '../../apps/coordinator/src/schedules/schedule-fires.service';
import { bootEngine, waitFor, type EngineHarness } from '../engine/engine.harness';
import { createSchedule, fires, sql, storeWorkflow } from './schedules.harness';

/** Longer than the test: the scheduler never fires this schedule by itself meanwhile. */
const HOURLY_MS = 3_600_000;

describe('a schedule fire handled twice at once', () => {
  let hub: EngineHarness;

  beforeAll(async () => {
    hub = await bootEngine();
    (await hub.agent('host-a')).autoRun();
  });

  afterAll(async () => {
    await hub?.close();
  });

  it('is recorded once and starts one run when both handlers waited for the lock', async () => {
    // ARRANGE: the schedule's row locked by the test
    const workflowId = await storeWorkflow(hub, 'raced');
    const schedule = await createSchedule(hub, { name: 'raced-hourly', workflowId, everyMs: HOURLY_MS });
    const fireAtMs = Date.parse(schedule.nextFires[0]!);
    const holder = new Client({ connectionString: hub.database.url });
    await holder.connect();
    let released = false;
    try {
      await holder.query('begin');
      await holder.query('select id from schedules where id = $1 for update', [schedule.id]);

      // ACT: two handlers of the same fire, both waiting for the lock before either decides
      const scheduleFires = hub.coordinator.app.get(ScheduleFires);
      const handled = Promise.allSettled([scheduleFires.fire(schedule.id, fireAtMs), scheduleFires.fire(schedule.id, fireAtMs)]);
      await waitFor(async () => {
        const [row] = await sql<{ waiting: number }>(hub, `select count(*)::int as waiting from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`);
        return row!.waiting >= 2;
      }, 'both handlers to wait for the schedule lock');
      await holder.query('commit');
      released = true;
      const outcomes = await handled;

      // ASSERT: neither failed; one fire, one run, with the fire's id
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'fulfilled']);
      const recorded = await fires(hub, schedule.id);
      expect(recorded.map((fire) => [fire.fireAt, fire.outcome, fire.runId])).toEqual([[new Date(fireAtMs).toISOString(), 'started', derivedRunId('schedule', schedule.id, fireAtMs)]]);
      const runs = await hub.request<{ items: RunRecord[] }>('GET', `/api/runs?triggerId=${schedule.id}`);
      expect(runs.body.items.map((run) => run.id)).toEqual([derivedRunId('schedule', schedule.id, fireAtMs)]);
    } finally {
      if (!released) await holder.query('rollback').catch(() => undefined);
      await holder.end();
      await hub.request('DELETE', `/api/schedules/${schedule.id}`);
    }
  });
});
