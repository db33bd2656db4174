import { LIVE_NAMESPACE, RunStatusSchema, RunTriggerSchema, TERMINAL_RUN_STATUSES } from '@runtime-hub/protocol';
import { RUN_STATUSES, RUN_TRIGGERS } from './commands/runs.command';
import { LIVE_PATH } from './live/live-connection';
import { ENDED } from './live/run-follower';

/**
 * The light commands (runs, logs, run --workflow) name a few of the protocol's values
 * themselves, so that they start without loading its schemas. These copies must not drift.
 */
describe("the CLI's copies of protocol values", () => {
  it('lists the run states and triggers the protocol has', () => {
    expect([...RUN_STATUSES].sort()).toEqual([...RunStatusSchema.options].sort());
    expect([...RUN_TRIGGERS].sort()).toEqual([...RunTriggerSchema.options].sort());
  });

  it('ends a run in the states the protocol calls terminal', () => {
    expect([...ENDED].sort()).toEqual([...TERMINAL_RUN_STATUSES].sort());
  });

  it('follows runs on the live namespace', () => {
    expect(LIVE_PATH).toBe(LIVE_NAMESPACE);
  });
});
