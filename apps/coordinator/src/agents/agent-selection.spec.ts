import type { DesktopSession } from '@runtime-hub/protocol';
import type { AgentSelectionRequest } from './agents.ports';
import { selectAgents, type SelectableAgent } from './agent-selection';

const agent = (
  name: string,
  labels: string[],
  capabilities: string[] = ['shell:sh'],
  kind: 'worker' | 'python' = 'worker',
  session: DesktopSession = 'unlocked',
): SelectableAgent => ({
  id: `id-${name}`,
  name,
  kind,
  labels,
  capabilities,
  session,
});

const FLEET: SelectableAgent[] = [
  agent('host-b', ['windows', 'finance'], ['shell:powershell', 'file']),
  agent('host-a', ['windows', 'finance'], ['shell:powershell', 'file', 'desktop']),
  agent('host-c', ['windows'], ['shell:cmd']),
  agent('lin-1', ['linux'], ['shell:sh', 'shell:bash']),
  agent('py-1', ['linux'], ['python'], 'python'),
];

const request = (fields: Partial<AgentSelectionRequest>): AgentSelectionRequest => ({
  target: undefined,
  capabilities: [],
  agentKind: 'worker',
  ...fields,
});

const noLoad = () => 0;

describe('selectAgents', () => {
  it('picks the least-loaded agent with every label, ties by name', () => {
    const loads: Record<string, number> = { 'id-host-a': 2, 'id-host-b': 1 };
    const selection = selectAgents({ request: request({ target: { labels: ['windows', 'finance'] } }), online: FLEET, loadOf: (id) => loads[id] ?? 0 });
    expect(selection).toEqual({ kind: 'agents', agents: [{ id: 'id-host-b', name: 'host-b' }] });

    const tied = selectAgents({ request: request({ target: { labels: ['windows', 'finance'] } }), online: FLEET, loadOf: noLoad });
    expect(tied).toEqual({ kind: 'agents', agents: [{ id: 'id-host-a', name: 'host-a' }] });
  });

  it('fans out to every match, sorted by name', () => {
    const selection = selectAgents({ request: request({ target: { labels: ['windows'], each: true } }), online: FLEET, loadOf: noLoad });
    expect(selection).toEqual({
      kind: 'agents',
      agents: [
        { id: 'id-host-a', name: 'host-a' },
        { id: 'id-host-b', name: 'host-b' },
        { id: 'id-host-c', name: 'host-c' },
      ],
    });
  });

  it('keeps only agents with every required capability', () => {
    const selection = selectAgents({
      request: request({ target: { labels: ['windows'], each: true }, capabilities: ['shell:powershell', 'desktop'] }),
      online: FLEET,
      loadOf: noLoad,
    });
    expect(selection).toEqual({ kind: 'agents', agents: [{ id: 'id-host-a', name: 'host-a' }] });
  });

  it('takes a named agent by id or by name', () => {
    for (const wanted of ['id-lin-1', 'lin-1']) {
      expect(selectAgents({ request: request({ target: { agent: wanted } }), online: FLEET, loadOf: noLoad })).toEqual({
        kind: 'agents',
        agents: [{ id: 'id-lin-1', name: 'lin-1' }],
      });
    }
  });

  it('avoids an agent when another matches, and uses it when it is the only one', () => {
    const avoidA = selectAgents({ request: request({ target: { labels: ['finance'] }, avoid: ['id-host-a'] }), online: FLEET, loadOf: noLoad });
    expect(avoidA).toEqual({ kind: 'agents', agents: [{ id: 'id-host-b', name: 'host-b' }] });

    const onlyLinux = selectAgents({ request: request({ target: { labels: ['linux'] }, avoid: ['id-lin-1'] }), online: FLEET, loadOf: noLoad });
    expect(onlyLinux).toEqual({ kind: 'agents', agents: [{ id: 'id-lin-1', name: 'lin-1' }] });
  });

  it('sends python nodes to python agents only', () => {
    expect(selectAgents({ request: request({ agentKind: 'python' }), online: FLEET, loadOf: noLoad })).toEqual({
      kind: 'agents',
      agents: [{ id: 'id-py-1', name: 'py-1' }],
    });
  });

  describe('desktop sessions', () => {
    //   desk-locked (locked)   desk-none (no desktop)   desk-open (unlocked)
    const DESKS: SelectableAgent[] = [
      agent('desk-locked', ['desk'], ['desktop'], 'worker', 'locked'),
      agent('desk-none', ['desk'], ['desktop'], 'worker', 'none'),
      agent('desk-open', ['desk'], ['desktop'], 'worker', 'unlocked'),
    ];
    const desktopNode = (target: AgentSelectionRequest['target']) => request({ target, capabilities: ['desktop'] });

    it('sends a desktop node only to an agent whose session is unlocked', () => {
      // ARRANGE: the unlocked agent is the busiest, and would lose on load alone
      const loads: Record<string, number> = { 'id-desk-open': 5 };
      // ACT
      const selection = selectAgents({ request: desktopNode({ labels: ['desk'] }), online: DESKS, loadOf: (id) => loads[id] ?? 0 });
      // ASSERT
      expect(selection).toEqual({ kind: 'agents', agents: [{ id: 'id-desk-open', name: 'desk-open' }] });
      expect(selectAgents({ request: desktopNode({ labels: ['desk'], each: true }), online: DESKS, loadOf: noLoad })).toEqual({
        kind: 'agents',
        agents: [{ id: 'id-desk-open', name: 'desk-open' }],
      });
    });

    it('makes a desktop node wait, with the reason, while no session is unlocked', () => {
      const closed = DESKS.filter((desk) => desk.session !== 'unlocked');
      expect(selectAgents({ request: desktopNode({ labels: ['desk'] }), online: closed, loadOf: noLoad })).toEqual({
        kind: 'waiting',
        reason: 'no online agent with an unlocked desktop session (labels [desk])',
      });
      expect(selectAgents({ request: desktopNode(undefined), online: closed, loadOf: noLoad })).toEqual({
        kind: 'waiting',
        reason: 'no online agent with an unlocked desktop session',
      });
    });

    it('explains a named agent whose session is locked or absent', () => {
      expect(selectAgents({ request: desktopNode({ agent: 'desk-locked' }), online: DESKS, loadOf: noLoad })).toEqual({
        kind: 'waiting',
        reason: 'agent "desk-locked" has no unlocked desktop session (its session is locked)',
      });
      expect(selectAgents({ request: desktopNode({ agent: 'desk-none' }), online: DESKS, loadOf: noLoad })).toEqual({
        kind: 'waiting',
        reason: 'agent "desk-none" has no unlocked desktop session (it runs without a desktop)',
      });
    });

    it('ignores sessions for nodes that need no desktop', () => {
      const locked = DESKS.filter((desk) => desk.session === 'locked');
      expect(selectAgents({ request: request({ target: { labels: ['desk'] } }), online: locked, loadOf: noLoad })).toEqual({
        kind: 'agents',
        agents: [{ id: 'id-desk-locked', name: 'desk-locked' }],
      });
    });
  });

  describe('waiting reasons', () => {
    const reason = (fields: Partial<AgentSelectionRequest>, online = FLEET, named?: { id: string; name: string; status: 'offline' | 'revoked' | 'online' }) => {
      const selection = selectAgents({ request: request(fields), online, loadOf: noLoad, ...(named ? { named } : {}) });
      return selection.kind === 'waiting' ? selection.reason : `selected ${selection.agents.map((a) => a.name).join(',')}`;
    };

    it('names the labels no online agent carries', () => {
      expect(reason({ target: { labels: ['windows', 'hr'] } })).toBe('no online agent matches labels [windows, hr]');
    });

    it('names the capability the labelled agents lack', () => {
      expect(reason({ target: { labels: ['linux'] }, capabilities: ['shell:powershell'] })).toBe(
        'no online agent has capability shell:powershell (labels [linux])',
      );
      expect(reason({ target: { labels: ['windows'] }, capabilities: ['shell:cmd', 'desktop'] })).toBe(
        'no online agent has capabilities shell:cmd, desktop together (labels [windows])',
      );
      expect(reason({ capabilities: ['keyboard'] })).toBe('no online worker agent has capability keyboard');
    });

    it('says when no agent of the kind is online', () => {
      expect(reason({ agentKind: 'python' }, FLEET.filter((a) => a.kind === 'worker'))).toBe('no online python agent');
      expect(reason({}, [])).toBe('no online worker agent');
      expect(reason({ agentKind: 'python', target: { labels: ['gpu'] } })).toBe('no online python agent matches labels [gpu]');
    });

    it('explains a named agent that cannot take the node', () => {
      expect(reason({ target: { agent: 'host-7' } }, FLEET, { id: 'id-host-7', name: 'host-7', status: 'offline' })).toBe('agent "host-7" is offline');
      expect(reason({ target: { agent: 'id-host-7' } }, FLEET, { id: 'id-host-7', name: 'host-7', status: 'revoked' })).toBe('agent "host-7" is revoked');
      expect(reason({ target: { agent: 'host-9' } })).toBe('no agent "host-9" is enrolled');
      expect(reason({ target: { agent: 'host-c' }, capabilities: ['shell:powershell'] })).toBe('agent "host-c" lacks capability shell:powershell');
      expect(reason({ target: { agent: 'py-1' } })).toBe('agent "py-1" is a python agent; the node needs a worker agent');
    });
  });
});
