import { LIVE_NAMESPACE, RUN_PRIORITY_DEFAULT, RunStatusSchema, RunTriggerSchema, TERMINAL_RUN_STATUSES } from '@runtime-hub/protocol';
import { RUN_STATUSES, RUN_TRIGGERS } from './commands/runs.command';
import { LIVE_PATH } from './live/live-connection';
import { ENDED } from './live/run-follower';
import { COORDINATOR_DECIDED_TYPES, DECIDED_BY_COORDINATOR_LABEL, decidedByCoordinator } from '@runtime-hub/nodes';
import { COORDINATOR_DECIDED_TYPES_COPY, DECIDED_BY_COORDINATOR_LABEL_COPY, decidedByCoordinatorCopy, RUN_PRIORITY_DEFAULT_COPY } from './run-view';

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

  it('tells a node the coordinator decided as libs/nodes does', () => {
    expect([...COORDINATOR_DECIDED_TYPES_COPY].sort()).toEqual([...COORDINATOR_DECIDED_TYPES].sort());
    expect(DECIDED_BY_COORDINATOR_LABEL_COPY).toBe(DECIDED_BY_COORDINATOR_LABEL);
    const decided = { type: 'set', status: 'succeeded' as const, attempt: 1, agentId: null, tasks: [] };
    const task = { agentId: 'a1', attempt: 1, status: 'succeeded' as const, output: null, error: null, startedAt: null, finishedAt: null };
    const cases = [
      decided,
      { ...decided, type: 'fail', status: 'failed' as const },
      { ...decided, type: 'shell' },
      { ...decided, type: 'foreach' },
      { ...decided, status: 'pending' as const, attempt: 0 },
      { ...decided, status: 'failed' as const, attempt: 0 },
      { ...decided, status: 'skipped' as const },
      { ...decided, agentId: 'a1', tasks: [task] },
    ];
    expect(cases.map(decidedByCoordinatorCopy)).toEqual(cases.map(decidedByCoordinator));
  });

  it('follows runs on the live namespace', () => {
    expect(LIVE_PATH).toBe(LIVE_NAMESPACE);
  });
});
