import { runTriggerLink } from './run-trigger';

describe('what started a run', () => {
  it.each([
    [{ trigger: 'schedule', triggerId: 's-1' }, { label: 'schedule', route: { page: 'schedules', scheduleId: 's-1' } }],
    [{ trigger: 'batch', triggerId: 'b-1' }, { label: 'batch', route: { page: 'batch', batchId: 'b-1' } }],
    [{ trigger: 'hook', triggerId: 'h-1' }, { label: 'webhook', route: { page: 'hooks', hookId: 'h-1' } }],
    [{ trigger: 'dashboard', triggerId: null }, { label: 'dashboard', route: null }],
  ] as const)('%j links to %j', (run, link) => {
    expect(runTriggerLink(run)).toEqual(link);
  });
});
