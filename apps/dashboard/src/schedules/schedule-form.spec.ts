import { describeTiming, EMPTY_SCHEDULE_FORM, scheduleBody, timingBody } from './schedule-form';

const form = { ...EMPTY_SCHEDULE_FORM, name: 'nightly', workflowId: 'wf-1' };

describe('the new-schedule form', () => {
  it('sends a cron with its zone, the inputs and the policies', () => {
    expect(scheduleBody({ ...form, cron: ' 0 2 * * * ', timeZone: 'Europe/Berlin', inputs: '{"dir":"C:/Temp"}', overlap: 'queue' })).toEqual({
      ok: true,
      body: { name: 'nightly', workflowId: 'wf-1', cron: '0 2 * * *', timeZone: 'Europe/Berlin', inputs: { dir: 'C:/Temp' }, misfire: 'skip', overlap: 'queue', priority: 50 },
    });
  });

  it('sends an interval in milliseconds', () => {
    expect(timingBody({ ...form, kind: 'interval', everySeconds: '5' })).toEqual({ ok: true, body: { everyMs: 5_000 } });
  });

  it.each([
    [{ name: ' ' }, 'name', 'a name is required'],
    [{ workflowId: '' }, 'workflowId', 'choose a workflow'],
    [{ cron: '' }, 'cron', 'a cron expression is required'],
    [{ kind: 'interval', everySeconds: '0.5' }, 'everySeconds', 'a whole number of seconds, 1 or more'],
    [{ inputs: '{dir:' }, 'inputs', 'not JSON: write the inputs as an object, e.g. {"dir": "C:/Temp"}'],
    [{ inputs: '[1]' }, 'inputs', 'the inputs are a JSON object'],
    [{ priority: '101' }, 'priority', 'a whole number from 1 (last) to 100 (first)'],
  ] as const)('names the wrong field: %j', (change, field, message) => {
    expect(scheduleBody({ ...form, ...change })).toEqual({ ok: false, field, message });
  });

  it.each([
    [{ cron: '0 2 * * *', timeZone: 'Europe/Berlin', everyMs: null }, '0 2 * * * (Europe/Berlin)'],
    [{ cron: null, timeZone: null, everyMs: 7_200_000 }, 'every 2 h'],
    [{ cron: null, timeZone: null, everyMs: 300_000 }, 'every 5 min'],
    [{ cron: null, timeZone: null, everyMs: 1_000 }, 'every 1 s'],
  ])('reads a timing: %j', (schedule, text) => {
    expect(describeTiming(schedule)).toBe(text);
  });
});
