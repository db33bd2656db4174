import type { NodeRunRecord, RunRecord } from '@runtime-hub/protocol';
import type { ApiClient } from './api-client';
import { nodeTable } from './run-view';

const AT = '2026-01-01T00:00:00.000Z';

function node(nodeId: string, fields: Partial<NodeRunRecord>): NodeRunRecord {
  return {
    runId: 'run-1',
    nodeId,
    type: 'set',
    status: 'succeeded',
    attempt: 1,
    agentId: null,
    waitingReason: null,
    port: 'out',
    output: {},
    error: null,
    queuedAt: AT,
    startedAt: AT,
    finishedAt: AT,
    durationMs: 0,
    tasks: [],
    ...fields,
  };
}

describe('nodeTable', () => {
  it('names the agent of a dispatched node and says the coordinator decided an untargeted control node', async () => {
    // ARRANGE
    const client = { get: async () => [{ id: 'a1', name: 'web-1' }] } as unknown as ApiClient;
    const task = { agentId: 'a1', attempt: 1, status: 'succeeded' as const, output: {}, error: null, startedAt: AT, finishedAt: AT };
    const run = {
      nodes: [node('remote', { agentId: 'a1', tasks: [task] }), node('decided', {}), node('later', { status: 'pending', attempt: 0, port: null, startedAt: null, finishedAt: null, durationMs: null })],
    } as unknown as RunRecord;

    // ACT
    const lines = await nodeTable(client, run);

    // ASSERT
    expect(lines.find((line) => line.startsWith('remote'))).toContain('web-1');
    expect(lines.find((line) => line.startsWith('decided'))).toContain('decided by the coordinator');
    expect(lines.find((line) => line.startsWith('later'))).not.toContain('decided by the coordinator');
  });
});
