/**
 * Schedules on a real coordinator, Postgres and Redis: an interval every second fires, pause
 * stops it (its BullMQ scheduler is gone), resume starts it again; a cron shows its next fires
 * in its zone, across the coming DST change as documented; a pinned version and "latest";
 * history, run now, and refusals.
 */
import type { RunRecord, ScheduleRecord } from '@runtime-hub/protocol';
import { bootEngine, waitFor, type EngineHarness, type FakeAgent } from '../engine/engine.harness';
import { bullScheduler, createSchedule, fires, scheduleAction, sleep, storeWorkflow, waitForFires } from './schedules.harness';

/** How long a test waits for fires that are due within seconds: bounded, and far above the schedule. */
const FIRE_WAIT_MS = 20_000;

const berlinClock = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** Berlin's wall clock at an instant, as `YYYY-MM-DD HH:MM`. */
function berlinWallClock(ms: number): string {
  const part = Object.fromEntries(berlinClock.formatToParts(new Date(ms)).map((one) => [one.type, one.value]));
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute}`;
}

/** The Berlin day (`YYYY-MM-DD`) of a fire. */
function sundayOf(fire: string): string {
  return berlinWallClock(Date.parse(fire)).slice(0, 10);
}

/** Berlin is an hour (CET) or two (CEST) ahead of UTC: the UTC instants that may show `day time` there. */
function candidates(day: string, time: string): number[] {
  const asUtc = Date.parse(`${day}T${time}:00Z`);
  return [asUtc - 2 * 3_600_000, asUtc - 3_600_000];
}

function isClockChangeDay(day: string): boolean {
  return candidates(day, '02:30').filter((ms) => berlinWallClock(ms) === `${day} 02:30`).length !== 1;
}

/**
 * The instant docs/SCHEDULES.md says a Berlin wall-clock time fires at, worked out here from the
 * platform's zone data alone: the one instant that shows it; of two (the autumn change repeats the
 * hour) the first; of none (the spring change skips it) the moment the clock jumps, 03:00 CEST.
 */
function berlinInstantOf(day: string, time: string): string {
  const showing = candidates(day, time).filter((ms) => berlinWallClock(ms) === `${day} ${time}`);
  if (showing.length > 0) return new Date(Math.min(...showing)).toISOString();
  const jump = candidates(day, '03:00').find((ms) => berlinWallClock(ms) === `${day} 03:00`)!;
  return new Date(jump).toISOString();
}

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
    // Overlap `queue`: on a loaded host a run may outlast the second, and every fire must still start one.
    const schedule = await createSchedule(hub, { name: 'every-second', workflowId, everyMs: 1_000, overlap: 'queue' });
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
    expect(run).toMatchObject({ trigger: 'schedule', triggerId: schedule.id, startedBy: 'schedule:every-second' });

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

  it("the next five fires of a Berlin cron over the coming DST change follow the documented rule", async () => {
    // 02:30 on the Sundays of March and October: the last Sunday of each is a change of the clocks,
    // and any five fires in a row of this cron hold at least one of them.
    const cron = '30 2 * 3,10 0';
    const preview = await hub.request<{ nextFires: string[] }>('POST', '/api/schedules/preview', { body: { cron, timeZone: 'Europe/Berlin' } });
    expect(preview.status).toBe(200);
    const schedule = await createSchedule(hub, { name: 'berlin-dst-sundays', workflowId, cron, timeZone: 'Europe/Berlin' });
    try {
      for (const shown of [preview.body.nextFires, schedule.nextFires]) {
        expect(shown).toHaveLength(5);
        expect(shown).toEqual(shown.map((fire) => berlinInstantOf(sundayOf(fire), '02:30')));
        // ... and at least one of them is a day the clocks change (its fire is not at 02:30 CET or CEST both)
        expect(shown.some((fire) => isClockChangeDay(sundayOf(fire)))).toBe(true);
      }
    } finally {
      await hub.request('DELETE', `/api/schedules/${schedule.id}`);
    }
  });

  it('a schedule pinned to a version runs that version; one on "latest" follows a new version', async () => {
    // ARRANGE: version 1 of a workflow whose one node says which version it is
    const definition = (made: string) => ({ schemaVersion: 1, name: 'versioned', nodes: [{ id: 'work', type: 'set', config: { values: { made } } }], edges: [] });
    const stored = await hub.request<{ id: string; version: number }>('POST', '/api/workflows', { body: { definition: definition('v1') } });
    expect(stored.body.version).toBe(1);
    const versionedId = stored.body.id;
    const pinned = await createSchedule(hub, { name: 'pinned-to-v1', workflowId: versionedId, version: 1, everyMs: 1_000 });
    const latest = await createSchedule(hub, { name: 'on-latest', workflowId: versionedId, everyMs: 1_000 });
    expect([pinned.version, latest.version]).toEqual([1, null]);
    /** The run of the schedule's first fire handled after `afterMs`, once it succeeded. */
    const runAfter = async (scheduleId: string, afterMs: number): Promise<RunRecord> => {
      const handled = await waitForFires(hub, scheduleId, (items) => items.some((fire) => fire.runId !== null && Date.parse(fire.handledAt) > afterMs), `a fire after ${new Date(afterMs).toISOString()}`, FIRE_WAIT_MS);
      const fire = handled.filter((one) => one.runId !== null && Date.parse(one.handledAt) > afterMs).pop()!;
      // A fire is recorded with its run's id just before the run is written: wait for the run to be there and done.
      return waitFor(async () => {
        const response = await hub.request<RunRecord>('GET', `/api/runs/${fire.runId!}`);
        return response.status === 200 && response.body.status === 'succeeded' ? response.body : undefined;
      }, `the run of fire ${fire.fireAt} to succeed`);
    };
    const madeBy = (run: RunRecord) => [run.workflowVersion, run.nodes.find((node) => node.nodeId === 'work')?.output];

    try {
      // Both run version 1 while it is the only one.
      expect(madeBy(await runAfter(pinned.id, Date.parse(pinned.createdAt)))).toEqual([1, { made: 'v1' }]);
      expect(madeBy(await runAfter(latest.id, Date.parse(latest.createdAt)))).toEqual([1, { made: 'v1' }]);

      // ACT: version 2 is saved
      const saved = await hub.request<{ version: number }>('PUT', `/api/workflows/${versionedId}`, { body: { definition: definition('v2') } });
      expect(saved).toMatchObject({ status: 201, body: { version: 2 } });
      const savedAt = Date.now();

      // ASSERT: the fires after it run version 2 on "latest", version 1 where it is pinned
      expect(madeBy(await runAfter(latest.id, savedAt))).toEqual([2, { made: 'v2' }]);
      expect(madeBy(await runAfter(pinned.id, savedAt))).toEqual([1, { made: 'v1' }]);
    } finally {
      for (const schedule of [pinned, latest]) await scheduleAction(hub, schedule.id, 'pause');
    }
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
