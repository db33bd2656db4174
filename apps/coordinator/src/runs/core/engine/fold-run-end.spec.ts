import { WorkflowGraph } from '@runtime-hub/graph';
import type { WorkflowEdge } from '@runtime-hub/protocol';
import { decide } from './decide';
import { decideRunEnd } from './decide.advance';
import { context, failed, model, node, NOW, options, succeeded, task } from './engine.fixtures';
import type { Decision, Patch, SnapshotNode } from './engine.types';
import { foldRunEnd } from './fold-run-end';
import { applyInMemory, snapshotOf, type MemoryRun } from './snapshot.apply';

function graphOf(ids: readonly string[], edges: readonly WorkflowEdge[] = []): WorkflowGraph {
  return WorkflowGraph.from({ schemaVersion: 1, name: 'fold', inputs: {}, defaults: {}, nodes: ids.map((id) => ({ id, type: 'shell', config: {} })), edges: [...edges] });
}

/** The result's decision on `run`, folded with its rows as the lock read them. */
function folded(graph: WorkflowGraph, run: MemoryRun, decision: Decision): Decision {
  const snapshot = snapshotOf(run);
  return foldRunEnd(decision, graph, snapshot.run, snapshot.nodes, NOW);
}

function resultOn(run: MemoryRun, result: Parameters<typeof succeeded>[0] extends string ? ReturnType<typeof succeeded> : never, ctx = context()): Decision {
  const settling = [...run.nodes.values()].find((row) => row.nodeId === result.nodeId) as SnapshotNode;
  return decide({ type: 'result', result }, { run: snapshotOf(run).run, nodes: [settling] }, ctx);
}

const runningOn = (nodeId: string, attempt = 1): SnapshotNode => node(nodeId, 'running', attempt, { agentId: 'a1', startedAt: NOW });

describe('foldRunEnd: the run ends in the statement of its last node', () => {
  it("a one-node run's success: the settle carries the run's end, with the end's effects", () => {
    // ARRANGE
    const graph = graphOf(['only']);
    const run = model('running', [runningOn('only')], [task('only', 'a1', 'running')]);
    const decision = resultOn(run, succeeded('only', 'a1'));
    // ACT
    const result = folded(graph, run, decision);
    // ASSERT
    const [settle] = result.patches;
    expect(result.patches).toHaveLength(1);
    expect(settle).toMatchObject({ kind: 'task-and-node', required: true });
    const end = decideRunEnd(snapshotOf(run).run, [], { status: 'succeeded', failedNodes: [] }, NOW).patches[0] as Patch;
    expect(settle?.then).toEqual([{ ...end, effects: [...(end.effects ?? [])] }]);
    const applied = applyInMemory(run, result);
    expect(applied.applied).toBe(true);
    expect(run.run.status).toBe('succeeded');
    expect(applied.effects).toEqual(expect.arrayContaining([{ kind: 'run-changed', withRow: true }, { kind: 'run-reached', status: 'succeeded' }]));
  });

  it('a failure with no way on fails the run with the node\'s error', () => {
    // ARRANGE
    const graph = graphOf(['only']);
    const run = model('running', [runningOn('only')], [task('only', 'a1', 'running')]);
    // ACT
    const result = folded(graph, run, resultOn(run, failed('only', 'a1')));
    applyInMemory(run, result);
    // ASSERT
    expect(run.run).toMatchObject({ status: 'failed', error: { code: 'EXIT_CODE', nodeId: 'only' } });
  });

  it('the last node of a chain whose first one succeeded', () => {
    // ARRANGE
    const graph = graphOf(['first', 'last'], [{ from: 'first', to: 'last' }]);
    const run = model('running', [node('first', 'succeeded', 1, { port: 'out' }), runningOn('last')], [task('last', 'a1', 'running')]);
    // ACT
    const result = folded(graph, run, resultOn(run, succeeded('last', 'a1')));
    // ASSERT
    expect(result.patches[0]?.then).toEqual([expect.objectContaining({ kind: 'run', statusIn: ['running'], set: expect.objectContaining({ status: 'succeeded' }) })]);
  });

  it('the end is written only with the settle: a task closed before the write leaves the run running', () => {
    // ARRANGE: folded on the rows as read, then the task is cancelled before the writes
    const graph = graphOf(['only']);
    const run = model('running', [runningOn('only')], [task('only', 'a1', 'running')]);
    const result = folded(graph, run, resultOn(run, succeeded('only', 'a1')));
    run.tasks.set('only/a1', task('only', 'a1', 'cancelled'));
    // ACT
    const applied = applyInMemory(run, result);
    // ASSERT
    expect(applied.applied).toBe(false);
    expect(run.run.status).toBe('running');
  });

  it.each<[string, () => { graph: WorkflowGraph; run: MemoryRun; decision: (run: MemoryRun) => Decision }]>([
    [
      'a node after it becomes ready',
      () => ({
        graph: graphOf(['first', 'next'], [{ from: 'first', to: 'next' }]),
        run: model('running', [runningOn('first'), node('next', 'pending', 0)], [task('first', 'a1', 'running')]),
        decision: (run) => resultOn(run, succeeded('first', 'a1')),
      }),
    ],
    [
      'its error handler becomes ready',
      () => ({
        graph: graphOf(['first', 'handler'], [{ from: 'first', to: 'handler', port: 'error' }]),
        run: model('running', [runningOn('first'), node('handler', 'pending', 0)], [task('first', 'a1', 'running')]),
        decision: (run) => resultOn(run, failed('first', 'a1')),
      }),
    ],
    [
      'a node after it is skipped (the planner writes the skip first)',
      () => ({
        graph: graphOf(['first', 'handler'], [{ from: 'first', to: 'handler', port: 'error' }]),
        run: model('running', [runningOn('first'), node('handler', 'pending', 0)], [task('first', 'a1', 'running')]),
        decision: (run) => resultOn(run, succeeded('first', 'a1')),
      }),
    ],
    [
      'another node is still running',
      () => ({
        graph: graphOf(['left', 'right']),
        run: model('running', [runningOn('left'), runningOn('right')], [task('left', 'a1', 'running'), task('right', 'a1', 'running')]),
        decision: (run) => resultOn(run, succeeded('left', 'a1')),
      }),
    ],
    [
      'another node waits for an agent',
      () => ({
        graph: graphOf(['left', 'right']),
        run: model('running', [runningOn('left'), node('right', 'waiting', 0)], [task('left', 'a1', 'running')]),
        decision: (run) => resultOn(run, succeeded('left', 'a1')),
      }),
    ],
    [
      'the failure is retried (a request, not a settle)',
      () => ({
        graph: graphOf(['only']),
        run: model('running', [runningOn('only')], [task('only', 'a1', 'running')]),
        decision: (run) => resultOn(run, failed('only', 'a1'), context({ only: options({ maxAttempts: 2 }) })),
      }),
    ],
    [
      'the result is fenced out (an earlier attempt)',
      () => ({
        graph: graphOf(['only']),
        run: model('running', [runningOn('only', 2)], [task('only', 'a1', 'running', 2)]),
        decision: (run) => resultOn(run, succeeded('only', 'a1', 1)),
      }),
    ],
    [
      'the run is being cancelled',
      () => ({
        graph: graphOf(['only']),
        run: model('cancelling' as never, [runningOn('only')], [task('only', 'a1', 'running')]),
        decision: (run) => resultOn(run, succeeded('only', 'a1')),
      }),
    ],
  ])('not folded when %s: the decision is left as it is', (_, build) => {
    // ARRANGE
    const { graph, run, decision } = build();
    const original = decision(run);
    // ACT
    const result = folded(graph, run, original);
    // ASSERT
    expect(result).toBe(original);
  });
});
