import type { NodeRunRecord, RunLogRecord, RunRecord } from '@runtime-hub/protocol';
import { LIVE_LOG_LINES_KEPT } from '../app/settings';
import { EMPTY_RUN_LIVE_STATE, applyLiveEvents, lastLogId, mergeLogs } from './run-live.reducer';

const AT = '2026-01-01T00:00:00.000Z';

function node(nodeId: string, status: NodeRunRecord['status'], runId = 'r1'): NodeRunRecord {
  return {
    runId,
    nodeId,
    type: 'set',
    status,
    attempt: status === 'pending' ? 0 : 1,
    agentId: null,
    waitingReason: null,
    port: null,
    output: null,
    error: null,
    queuedAt: null,
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    tasks: [],
  };
}

function run(status: RunRecord['status'], nodes: NodeRunRecord[]): RunRecord {
  return {
    id: 'r1',
    workflowId: 'w',
    workflowVersion: 1,
    workflowName: 'wf',
    status,
    trigger: 'dashboard',
    triggerId: null,
    priority: 50,
    waitingReason: null,
    inputs: {},
    error: null,
    parentRunId: null,
    parentNodeId: null,
    createdAt: AT,
    startedAt: null,
    finishedAt: null,
    startedBy: null,
    cancelledBy: null,
    nodes,
  };
}

function log(id: number): RunLogRecord {
  return { id, runId: 'r1', nodeId: 'a', attempt: 1, stream: 'stdout', line: `line ${id}`, at: AT, agentId: null };
}

describe('applyLiveEvents', () => {
  it('applies node and run updates on top of the snapshot', () => {
    //   a ──> b
    // ARRANGE
    const snapshot = run('running', [node('a', 'running'), node('b', 'pending')]);
    const { nodes: _nodes, ...summary } = run('succeeded', []);

    // ACT
    const state = applyLiveEvents(EMPTY_RUN_LIVE_STATE, [
      { type: 'snapshot', run: snapshot },
      { type: 'node', node: node('a', 'succeeded') },
      { type: 'node', node: node('b', 'succeeded') },
      { type: 'run', summary },
    ]);

    // ASSERT
    expect(state.run?.status).toBe('succeeded');
    expect(state.run?.nodes.map((entry) => [entry.nodeId, entry.status])).toEqual([
      ['a', 'succeeded'],
      ['b', 'succeeded'],
    ]);
  });

  it('replaces everything with a new snapshot: nothing stale survives a reconnect', () => {
    const before = applyLiveEvents(EMPTY_RUN_LIVE_STATE, [
      { type: 'snapshot', run: run('running', [node('a', 'running')]) },
      { type: 'node', node: node('a', 'failed') },
    ]);
    const after = applyLiveEvents(before, [{ type: 'snapshot', run: run('running', [node('a', 'queued')]) }]);
    expect(after.run?.nodes[0]?.status).toBe('queued');
  });

  it('ignores updates of another run and updates that come before any snapshot', () => {
    const state = applyLiveEvents(EMPTY_RUN_LIVE_STATE, [{ type: 'node', node: node('a', 'running') }]);
    expect(state.run).toBeNull();
    const withRun = applyLiveEvents(state, [{ type: 'snapshot', run: run('running', [node('a', 'running')]) }]);
    expect(applyLiveEvents(withRun, [{ type: 'node', node: node('a', 'failed', 'other') }])).toBe(withRun);
  });

  it('adds a node it did not know (a node run created after the snapshot)', () => {
    const state = applyLiveEvents(EMPTY_RUN_LIVE_STATE, [
      { type: 'snapshot', run: run('running', [node('a', 'running')]) },
      { type: 'node', node: node('z', 'queued') },
    ]);
    expect(state.run?.nodes.map((entry) => entry.nodeId)).toEqual(['a', 'z']);
  });
});

describe('mergeLogs', () => {
  it('keeps lines in id order without duplicates (a backfill overlapping live lines)', () => {
    const held = mergeLogs([], [log(1), log(2), log(5)]);
    const merged = mergeLogs(held, [log(2), log(3), log(4), log(5), log(6)]);
    expect(merged.map((line) => line.id)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(lastLogId({ run: null, logs: merged })).toBe(6);
  });

  it(`keeps the newest ${LIVE_LOG_LINES_KEPT} lines`, () => {
    const many = Array.from({ length: LIVE_LOG_LINES_KEPT + 3 }, (_, index) => log(index + 1));
    const merged = mergeLogs([], many);
    expect(merged).toHaveLength(LIVE_LOG_LINES_KEPT);
    expect(merged[0]?.id).toBe(4);
  });
});
