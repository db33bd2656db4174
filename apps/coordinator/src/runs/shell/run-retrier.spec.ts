import type { NodeRunRow } from '@runtime-hub/db';
import { WorkflowGraph } from '@runtime-hub/graph';
import type { NodeRunStatus, WorkflowDefinition } from '@runtime-hub/protocol';
import { nodesToRetry } from './run-retrier';

function rows(statuses: Record<string, NodeRunStatus>): NodeRunRow[] {
  return Object.entries(statuses).map(([nodeId, status]) => ({
    runId: 'r',
    nodeId,
    type: 'set',
    status,
    attempt: 1,
    agentId: null,
    waitingReason: null,
    port: null,
    output: null,
    error: null,
    queuedAt: null,
    startedAt: null,
    finishedAt: null,
    durationMs: null,
    agentLosses: 0,
  }));
}

function graph(nodes: string[], edges: WorkflowDefinition['edges']): WorkflowGraph {
  return WorkflowGraph.from({ schemaVersion: 1, name: 'g', inputs: {}, defaults: {}, nodes: nodes.map((id) => ({ id, type: 'set', config: {} })), edges });
}

describe('nodesToRetry', () => {
  it('takes the failed node and what it left skipped, not what ran', () => {
    /*
     *   a ──► b ──► c ──► d
     *   x (independent, succeeded)
     *   b failed; c, d skipped
     */
    // ARRANGE
    const g = graph(['a', 'b', 'c', 'd', 'x'], [
      { from: 'a', to: 'b' },
      { from: 'b', to: 'c' },
      { from: 'c', to: 'd' },
    ]);

    // ACT
    const reset = nodesToRetry(g, rows({ a: 'succeeded', b: 'failed', c: 'skipped', d: 'skipped', x: 'succeeded' }));

    // ASSERT
    expect(reset).toEqual(['b', 'c', 'd']);
  });

  it('leaves a handled failure and its error branch alone', () => {
    /*
     *   a ──error──► fallback
     *   a ──► next
     *   b (failed, unhandled)
     */
    // ARRANGE
    const g = graph(['a', 'fallback', 'next', 'b'], [
      { from: 'a', port: 'error', to: 'fallback' },
      { from: 'a', to: 'next' },
    ]);

    // ACT
    const reset = nodesToRetry(g, rows({ a: 'failed', fallback: 'succeeded', next: 'skipped', b: 'failed' }));

    // ASSERT
    expect(reset).toEqual(['b']);
  });

  it('stops at a skipped node reached from two failures only once, and at nodes that ran', () => {
    /*
     *   f1 ──► j ◄── f2 ;  j ──► k ;  f1 ──► done
     *   j skipped, k cancelled, done succeeded (it ran: left alone)
     */
    // ARRANGE
    const g = graph(['f1', 'f2', 'j', 'k', 'done'], [
      { from: 'f1', to: 'j' },
      { from: 'f2', to: 'j' },
      { from: 'j', to: 'k' },
      { from: 'f1', to: 'done' },
    ]);

    // ACT
    const reset = nodesToRetry(g, rows({ f1: 'failed', f2: 'failed', j: 'skipped', k: 'cancelled', done: 'succeeded' }));

    // ASSERT
    expect(reset).toEqual(['f1', 'f2', 'j', 'k']);
  });
});
