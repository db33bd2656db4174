/**
 * Schedules on a real coordinator, Postgres and Redis: an interval every second fires, pause
 * stops it (its BullMQ scheduler is gone), resume starts it again; a cron shows its next fires
 * in its zone; history, run now, and refusals.
 */
import type { RunRecord, ScheduleRecord } from '@runtime-hub/protocol';
import { bootEngine, waitFor, type EngineHarness, type FakeAgent } from '../engine/engine.harness';
import { bullScheduler, createSchedule, fires, scheduleAction, sleep, storeWorkflow, waitForFires } from './schedules.harness';

/** How long a test waits for fires that are due within seconds: bounded, and far above the schedule. */
const FIRE_WAIT_MS = 20_000;

describe('schedules', () => {
  let hub: EngineHarness;
  let agent: FakeAgent;
  let workflowId: string;

  beforeAll(async () => {
    hub = await bootEngine();
    agent = await hub.agent('host-a');
    agent.autoRun();
    workflowId = await storeWorkflow(hub, 'ticker');
  });

  afterAll(async () => {
    await hub?.close();
  });

  it('an interval of one second fires at least 3 times in 4 s; pause stops it, resume starts it again', async () => {
    // ARRANGE / ACT
    const schedule = await createSchedule(hub, { name: 'every-second', workflowId, everyMs: 1_000 });
    const createdAt = Date.parse(schedule.createdAt);
    expect(schedule.nextFires).toHaveLength(5);
    expect(Date.parse(schedule.nextFires[1]!) - Date.parse(schedule.nextFires[0]!)).toBe(1_000);

    // ASSERT: the fire times of the first four seconds, each handled once, each with a run
    const firstFour = (items: Array<{ fireAt: string }>) => items.filter((fire) => Date.parse(fire.fireAt) <= createdAt + 4_000);
    const handled = await waitForFires(hub, schedule.id, (items) => firstFour(items).length >= 3, 'three fires within the first 4 s', FIRE_WAIT_MS);
    expect(firstFour(handled).length).toBeGreaterThanOrEqual(3);
    for (const fire of handled) {
      expect(fire.outcome).toBe('started');
      expect(fire.runId).not.toBeNull();
    }
    const fireTimes = handled.map((fire) => fire.fireAt);
    expect(new Set(fireTimes).size).toBe(fireTimes.length);
    // A fire is recorded `started`, with its run's id, just before the run is written: wait for it.
    const run = await waitFor(async () => {
      const response = await hub.request<RunRecord>('GET', `/api/runs/${handled[0]!.runId!}`);
      return response.status === 200 ? response.body : undefined;
    }, `the run of fire ${handled[0]!.fireAt}`);
    expect(run).toMatchObject({ trigger: 'schedule', triggerId: schedule.id });

    // pause: the scheduler and its pending fire are gone from Redis, and nothing fires
    const paused = (await scheduleAction(hub, schedule.id, 'pause')) as ScheduleRecord;
    expect(paused).toMatchObject({ paused: true, nextFires: [] });
    expect(await bullScheduler(hub.queuePrefix, schedule.id)).toEqual({ exists: false, pendingFires: 0 });
    const countAtPause = (await fires(hub, schedule.id)).length;
    await sleep(2_500);
    const afterPause = await fires(hub, schedule.id);
    // A fire being handled as the pause came may still land; none after it.
    expect(afterPause.length).toBeLessThanOrEqual(countAtPause + 1);
    const pausedAt = Date.parse(paused.updatedAt);
    expect(afterPause.filter((fire) => Date.parse(fire.fireAt) > pausedAt + 1_000)).toEqual([]);

    // resume: fires again, counted from the resume
    const resumed = (await scheduleAction(hub, schedule.id, 'resume')) as ScheduleRecord;
    expect(resumed.paused).toBe(false);
    const resumedAt = Date.parse(resumed.updatedAt);
    expect(Date.parse(resumed.nextFires[0]!)).toBe(resumedAt + 1_000);
    await waitForFires(hub, schedule.id, (items) => items.filter((fire) => Date.parse(fire.fireAt) > resumedAt).length >= 2, 'two fires after the resume', FIRE_WAIT_MS);
    // The fires while paused were not misfires.
    expect((await fires(hub, schedule.id)).every((fire) => fire.outcome === 'started')).toBe(true);
    await scheduleAction(hub, schedule.id, 'pause');
  });

  it('a cron in Europe/Berlin shows its next fires in that zone', async () => {
    const schedule = await createSchedule(hub, { name: 'berlin-morning', workflowId, cron: '0 6 * * *', timeZone: 'Europe/Berlin', paused: false });
    expect(schedule.nextFires).toHaveLength(5);
    for (const fire of schedule.nextFires) {
      const hour = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Berlin', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(fire));
      expect(hour).toBe('06:00');
    }
    const preview = await hub.request<{ nextFires: string[] }>('POST', '/api/schedules/preview', { body: { cron: '30 2 * * *', timeZone: 'Europe/Berlin' } });
    expect(preview.status).toBe(200);
    expect(preview.body.nextFires).toHaveLength(5);
    await hub.request('DELETE', `/api/schedules/${schedule.id}`);
  });

  it('run now starts a run at once and records it as manual', async () => {
    const schedule = await createSchedule(hub, { name: 'nightly-manual', workflowId, cron: '0 3 * * *', timeZone: 'UTC' });
    const fire = (await scheduleAction(hub, schedule.id, 'run')) as { manual: boolean; outcome: string; runId: string };
    expect(fire).toMatchObject({ manual: true, outcome: 'started' });
    const run = await hub.waitForRun(fire.runId, (r) => r.status === 'succeeded', 'the manual run to succeed');
    expect(run).toMatchObject({ trigger: 'schedule', triggerId: schedule.id });
    const listed = await hub.request<{ items: ScheduleRecord[] }>('GET', '/api/schedules');
    expect(listed.body.items.find((item) => item.id === schedule.id)?.lastFire).toMatchObject({ manual: true, runId: fire.runId });
  });

  it('refuses a schedule that cannot fire, naming what is wrong', async () => {
    const cases: Array<[Record<string, unknown>, number, RegExp]> = [
      [{ name: 'bad-cron', workflowId, cron: '61 * * * *' }, 400, /body\.cron: "61 \* \* \* \*" Constraint error/],
      [{ name: 'bad-zone', workflowId, cron: '0 2 * * *', timeZone: 'Europe/Atlantis' }, 400, /body\.timeZone: "Europe\/Atlantis" is not a known IANA time zone/],
      [{ name: 'both', workflowId, cron: '0 2 * * *', everyMs: 1000 }, 400, /everyMs: give either cron or everyMs, not both/],
      [{ name: 'too-fast', workflowId, everyMs: 10 }, 400, /everyMs/],
      [{ name: 'no-such-input', workflowId, everyMs: 60_000, inputs: { nope: 1 } }, 400, /inputs\.nope: the workflow declares no such input/],
      [{ name: 'no-workflow', workflowId: 'nope', everyMs: 60_000 }, 404, /workflow "nope"/],
    ];
    for (const [body, status, message] of cases) {
      const response = await hub.request<{ error: { message: string } }>('POST', '/api/schedules', { body });
      expect({ body, status: response.status }).toEqual({ body, status });
      expect(response.body.error.message).toMatch(message);
    }
    const taken = await hub.request<{ error: { code: string } }>('POST', '/api/schedules', { body: { name: 'every-second', workflowId, everyMs: 60_000 } });
    expect(taken.status).toBe(409);
  });
});
