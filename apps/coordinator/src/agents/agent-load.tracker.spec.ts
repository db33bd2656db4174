import { AgentLoadTracker, REMOTE_DISPATCH_ESTIMATE_MS } from './agent-load.tracker';
import { AgentRegistry, type OnlineAgent } from './agent-registry';

/** A registry holding the agents connected to this replica. */
function registryWith(...ids: string[]): AgentRegistry {
  const registry = new AgentRegistry();
  for (const id of ids) registry.put({ id, name: id } as OnlineAgent);
  return registry;
}

describe('AgentLoadTracker', () => {
  it('counts dispatched jobs until they are claimed or removed', () => {
    const load = new AgentLoadTracker(registryWith('a1'));
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
    const load = new AgentLoadTracker(registryWith('a1'));
    load.dispatched('a1', 'r.n1.a1.1');
    load.claimed('a1', 'r.n1.a1.1', true);
    expect({ load: load.load('a1'), running: load.running('a1') }).toEqual({ load: 1, running: 1 });

    load.reported('a1', 0);
    expect({ load: load.load('a1'), running: load.running('a1') }).toEqual({ load: 0, running: 0 });

    load.reported('a1', 3);
    expect(load.running('a1')).toBe(3);
  });

  it('forgets everything about a lost agent', () => {
    const load = new AgentLoadTracker(registryWith('a1'));
    load.dispatched('a1', 'r.n1.a1.1');
    load.reported('a1', 2);
    load.forget('a1');
    expect(load.load('a1')).toBe(0);
  });

  it('announces granted claims, not refused ones nor heartbeats', () => {
    // ARRANGE
    const load = new AgentLoadTracker(registryWith('a1'));
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

  it('counts a task dispatched to an agent held by another replica only for a while: its claim is seen there', () => {
    // ARRANGE: a2 is connected to another replica
    const load = new AgentLoadTracker(registryWith('a1'));
    let now = 1_000;
    load.now = () => now;
    // ACT
    load.dispatched('a2', 'r.n1.a2.1');
    load.dispatched('a2', 'r.n2.a2.1');
    const atOnce = load.load('a2');
    now += REMOTE_DISPATCH_ESTIMATE_MS / 2;
    load.dispatched('a2', 'r.n3.a2.1');
    now += REMOTE_DISPATCH_ESTIMATE_MS / 2;
    const later = load.load('a2');
    now += REMOTE_DISPATCH_ESTIMATE_MS;
    // ASSERT
    expect([atOnce, later, load.load('a2')]).toEqual([2, 1, 0]);
  });
});
