import { COORDINATOR_DECIDED_TYPES, executionOf } from './execution';
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
