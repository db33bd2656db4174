import type { AgentRecord } from '@runtime-hub/protocol';
import { mergeAgentUpdates } from './agent-list';

const record = (name: string, fields: Partial<AgentRecord> = {}): AgentRecord => ({
  id: `id-${name}`,
  name,
  kind: 'worker',
  os: 'linux',
  arch: 'x64',
  hostname: name,
  labels: [],
  capabilities: [],
  concurrency: 4,
  status: 'online',
  lastHeartbeatAt: '2026-01-01T00:00:00.000Z',
  version: '0.1.0',
  runningTasks: 0,
  connectedAt: '2026-01-01T00:00:00.000Z',
  session: 'none',
  ...fields,
});

describe('mergeAgentUpdates', () => {
  it('replaces the agents updates name, keeps the others, and applies the last update of each', () => {
    // ARRANGE
    const list = [record('alpha'), record('bravo')];

    // ACT
    const merged = mergeAgentUpdates(list, [record('bravo', { runningTasks: 2 }), record('bravo', { runningTasks: 3, lastHeartbeatAt: '2026-01-01T00:00:05.000Z' })]);

    // ASSERT
    expect(merged.map((agent) => [agent.name, agent.runningTasks, agent.lastHeartbeatAt])).toEqual([
      ['alpha', 0, '2026-01-01T00:00:00.000Z'],
      ['bravo', 3, '2026-01-01T00:00:05.000Z'],
    ]);
  });

  it('adds a new agent and sorts online agents first, then by name', () => {
    const merged = mergeAgentUpdates([record('alpha', { status: 'offline' })], [record('charlie'), record('bravo')]);
    expect(merged.map((agent) => agent.name)).toEqual(['bravo', 'charlie', 'alpha']);
  });

  it('starts from the updates when the list is not read yet', () => {
    expect(mergeAgentUpdates(null, [record('alpha')]).map((agent) => agent.name)).toEqual(['alpha']);
  });
});
