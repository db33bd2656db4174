import { LIVE_NAMESPACE, RUN_PRIORITY_DEFAULT, RunStatusSchema, RunTriggerSchema, TERMINAL_RUN_STATUSES } from '@runtime-hub/protocol';
import { RUN_STATUSES, RUN_TRIGGERS } from './commands/runs.command';
import { LIVE_PATH } from './live/live-connection';
import { ENDED } from './live/run-follower';
import { RUN_PRIORITY_DEFAULT_COPY } from './run-view';

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

  it('knows the default run priority', () => {
    expect(RUN_PRIORITY_DEFAULT_COPY).toBe(RUN_PRIORITY_DEFAULT);
  });

  it('follows runs on the live namespace', () => {
    expect(LIVE_PATH).toBe(LIVE_NAMESPACE);
  });
});
