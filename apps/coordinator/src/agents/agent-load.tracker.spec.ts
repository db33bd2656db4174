import { AgentLoadTracker } from './agent-load.tracker';

describe('AgentLoadTracker', () => {
  it('counts dispatched jobs until they are claimed or removed', () => {
    const load = new AgentLoadTracker();
    load.dispatched('a1', 'r.n1.a1.1');
    load.dispatched('a1', 'r.n2.a1.1');
    load.dispatched('a1', 'r.n2.a1.1'); // the same job dispatched again is one job
    expect(load.load('a1')).toBe(2);

    load.removed('a1', 'r.n2.a1.1');
    expect(load.load('a1')).toBe(1);

    load.claimed('a1', 'r.n1.a1.1', false);
    expect(load.load('a1')).toBe(0);
  });

  it('moves a granted claim from queued to running until the next heartbeat says otherwise', () => {
    const load = new AgentLoadTracker();
    load.dispatched('a1', 'r.n1.a1.1');
    load.claimed('a1', 'r.n1.a1.1', true);
    expect({ load: load.load('a1'), running: load.running('a1') }).toEqual({ load: 1, running: 1 });

    load.reported('a1', 0);
    expect({ load: load.load('a1'), running: load.running('a1') }).toEqual({ load: 0, running: 0 });

    load.reported('a1', 3);
    expect(load.running('a1')).toBe(3);
  });

  it('forgets everything about a lost agent', () => {
    const load = new AgentLoadTracker();
    load.dispatched('a1', 'r.n1.a1.1');
    load.reported('a1', 2);
    load.forget('a1');
    expect(load.load('a1')).toBe(0);
  });

  it('announces granted claims, not refused ones nor heartbeats', () => {
    // ARRANGE
    const load = new AgentLoadTracker();
    const announced: string[] = [];
    const stop = load.onRunningChanged((agentId) => announced.push(agentId));

    // ACT
    load.claimed('a1', 'r.n1.a1.1', false);
    load.claimed('a1', 'r.n2.a1.1', true);
    load.reported('a1', 4);
    stop();
    load.claimed('a1', 'r.n3.a1.1', true);

    // ASSERT
    expect(announced).toEqual(['a1']);
  });
});
