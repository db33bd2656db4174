import { COORDINATOR_DECIDED_TYPES, decidedByCoordinator, executionOf } from './execution';
import { NODE_CATALOGUE } from './catalogue';

describe('executionOf', () => {
  it.each(['set', 'condition', 'switch', 'fail'])('decides an untargeted %s in the coordinator', (type) => {
    expect(executionOf({ type })).toBe('coordinator');
  });

  it.each([{ labels: ['linux'] }, { labels: [] }, { agent: 'web-1' }, { labels: ['fleet'], each: true }])(
    'dispatches a control node with its own target %j',
    (target) => {
      expect(executionOf({ type: 'set', target })).toBe('agent');
      expect(executionOf({ type: 'condition', target })).toBe('agent');
    },
  );

  it('dispatches host-bound nodes and delay, targeted or not', () => {
    for (const type of ['shell', 'file.read', 'http.request', 'python', 'delay']) {
      expect(executionOf({ type })).toBe('agent');
      expect(executionOf({ type, target: { labels: ['linux'] } })).toBe('agent');
    }
  });

  it('leaves workflow.call, foreach and repeat to child runs', () => {
    for (const type of ['workflow.call', 'foreach', 'repeat']) expect(executionOf({ type })).toBe('child-runs');
  });

  it('dispatches a type the catalogue does not know (the agent reports it)', () => {
    expect(executionOf({ type: 'nope' })).toBe('agent');
  });

  it('names only catalogue types that a worker agent could run', () => {
    for (const type of COORDINATOR_DECIDED_TYPES) expect(NODE_CATALOGUE.get(type)?.runsOn).toBe('agent');
  });
});

describe('decidedByCoordinator', () => {
  const decided = { type: 'set', status: 'succeeded', attempt: 1, agentId: null, tasks: [] };

  it('tells a control node the coordinator settled', () => {
    expect(decidedByCoordinator(decided)).toBe(true);
    expect(decidedByCoordinator({ ...decided, type: 'fail', status: 'failed' })).toBe(true);
  });

  it('does not claim a dispatched, unfinished, never-started or host-bound node', () => {
    expect(decidedByCoordinator({ ...decided, agentId: 'a1', tasks: [{}] })).toBe(false);
    expect(decidedByCoordinator({ ...decided, tasks: [{}, {}] })).toBe(false);
    expect(decidedByCoordinator({ ...decided, status: 'pending', attempt: 0 })).toBe(false);
    expect(decidedByCoordinator({ ...decided, status: 'failed', attempt: 0 })).toBe(false);
    expect(decidedByCoordinator({ ...decided, status: 'skipped' })).toBe(false);
    expect(decidedByCoordinator({ ...decided, type: 'foreach' })).toBe(false);
    expect(decidedByCoordinator({ ...decided, type: 'shell' })).toBe(false);
  });
});
