import { testGraph } from '@runtime-hub/graph';
import type { NodeTask, RunStatus } from '@runtime-hub/protocol';
import { decide } from './decide';
import type { NodePreparation } from './engine.types';
import { applyInMemory, snapshotOf } from './snapshot.apply';
import { context, graphContext, model, node, NOW, options, RUN_ID, succeeded, task } from './engine.fixtures';

const CHILDREN = ['child-1'];

describe('decide: cancel', () => {
  it.each<[RunStatus]>([['running'], ['queued']])('a %s run is cancelled with everything open in it', (status) => {
    const run = model(status, [node('a', 'succeeded'), node('b', 'running'), node('c', 'queued'), node('d', 'pending', 0)], [task('b', 'x', 'running'), task('c', 'y', 'queued')]);
    const applied = applyInMemory(run, decide({ type: 'cancel', reason: 'stop', unfinishedChildren: CHILDREN }, snapshotOf(run), context()));
    expect(run.run).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED', message: 'stop' } });
    expect([...run.nodes.values()].map((row) => row.status)).toEqual(['succeeded', 'cancelled', 'cancelled', 'cancelled']);
    expect(applied.effects).toEqual(
      expect.arrayContaining([
        { kind: 'stop', key: { runId: RUN_ID, nodeId: 'b', agentId: 'x', attempt: 1 } },
        { kind: 'remove-job', key: { runId: RUN_ID, nodeId: 'c', agentId: 'y', attempt: 1 } },
        { kind: 'follow-up', work: { kind: 'cancel', runId: 'child-1', reason: `parent run ${RUN_ID} was cancelled` } },
        { kind: 'run-reached', status: 'cancelled' },
      ]),
    );
  });

  it.each<[RunStatus]>([['succeeded'], ['failed'], ['cancelled']])('a %s run is left as it is', (status) => {
    const run = model(status, [node('a', 'succeeded')]);
    const decision = decide({ type: 'cancel', reason: 'stop', unfinishedChildren: [] }, snapshotOf(run), context());
    expect(decision.ignored).toBe(`run ${RUN_ID} is ${status}`);
    expect(decision.patches).toEqual([]);
  });

  it('a child run that ends tells its parent', () => {
    const run = model('running', []);
    run.run.parentRunId = 'parent';
    run.run.parentNodeId = 'call';
    const decision = decide({ type: 'quarantine', error: { code: 'RUN_QUARANTINED', message: 'x', retryable: false }, unfinishedChildren: [] }, snapshotOf(run), context());
    expect(decision.effects).toContainEqual({ kind: 'follow-up', work: { kind: 'sync-children', runId: 'parent', nodeId: 'call' } });
  });
});

describe('decide: retry-failed', () => {
  //   a ──► b ──► c        b failed: b and the skipped c run again; a stays
  const graph = testGraph(['a', 'b', 'c'], ['a -> b', 'b -> c']);

  it('puts the unhandled failure and what it skipped back to pending, the run running', () => {
    const run = model('failed', [node('a', 'succeeded'), node('b', 'failed', 2, { agentLosses: 1 }), node('c', 'skipped', 0)], [task('b', 'x', 'failed', 2)]);
    const applied = applyInMemory(run, decide({ type: 'retry-failed' }, snapshotOf(run), graphContext(graph)));
    expect([...run.nodes.values()].map((row) => [row.nodeId, row.status, row.attempt])).toEqual([
      ['a', 'succeeded', 1],
      ['b', 'pending', 2],
      ['c', 'pending', 0],
    ]);
    expect(run.nodes.get('b')?.agentLosses).toBe(0);
    expect(run.tasks.size).toBe(0);
    expect(run.run.status).toBe('running');
    expect(applied.effects).toContainEqual({ kind: 'active-runs', delta: 1 });
  });

  it.each<[RunStatus]>([['running'], ['succeeded'], ['cancelled']])('a %s run is refused', (status) => {
    const run = model(status, [node('a', 'succeeded')]);
    expect(decide({ type: 'retry-failed' }, snapshotOf(run), graphContext(graph)).ignored).toBe(`run ${RUN_ID} is ${status}`);
  });
});

describe('decide: agent lost', () => {
  const fanOut = context({ b: options({ maxAttempts: 3 }, { labels: ['web'], each: true }) });

  it.each([
    ['its job was removed: the attempt never ran and is reused', true, 0],
    ['its job had been taken: the next dispatch takes attempt + 1', false, 1],
  ])('a queued task of a single-target node moves: %s', (_, jobRemoved, attempt) => {
    const run = model('running', [node('b', 'queued', 1, { agentId: 'x' })], [task('b', 'x', 'queued')]);
    const applied = applyInMemory(run, decide({ type: 'agent-lost', task: task('b', 'x', 'queued'), jobRemoved }, snapshotOf(run), context()));
    expect(run.nodes.get('b')).toMatchObject({ status: 'waiting', attempt, agentId: null });
    expect(run.tasks.size).toBe(0);
    expect(applied.effects).toContainEqual({ kind: 'avoid-agent', nodeId: 'b', agentId: 'x' });
  });

  it.each([
    ['a running task', task('b', 'x', 'running'), context()],
    ['a queued fan-out cell', task('b', 'x', 'queued'), fanOut],
  ])('%s is a failed attempt with AGENT_LOST, recorded as a result', (_, read, ctx) => {
    const run = model('running', [node('b', read.status === 'running' ? 'running' : 'queued')], [read]);
    const decision = decide({ type: 'agent-lost', task: read, jobRemoved: false }, snapshotOf(run), ctx);
    expect(decision.patches).toEqual([]);
    expect(decision.requests).toEqual([{ kind: 'record-failure', result: expect.objectContaining({ status: 'failed', nodeId: 'b', agentId: 'x', attempt: 1, error: expect.objectContaining({ code: 'AGENT_LOST' }) }) }]);
  });

  it.each([
    ['the task moved on to a later attempt', 'running', task('b', 'x', 'queued', 2)],
    ['the task finished', 'running', task('b', 'x', 'succeeded')],
    ['the run is not running', 'cancelled', task('b', 'x', 'running')],
  ] as const)('nothing happens when %s', (_, runStatus, current) => {
    const run = model(runStatus, [node('b', 'running')], [current]);
    const decision = decide({ type: 'agent-lost', task: task('b', 'x', 'running'), jobRemoved: false }, snapshotOf(run), context());
    expect(decision.ignored).toBeDefined();
  });

  it('a returning agent that no longer holds its running task: AGENT_LOST', () => {
    const run = model('running', [node('b', 'running')], [task('b', 'x', 'running')]);
    const decision = decide({ type: 'agent-returned', task: task('b', 'x', 'running') }, snapshotOf(run), context());
    expect(decision.requests[0]).toMatchObject({ kind: 'record-failure', result: { error: { code: 'AGENT_LOST' } } });
  });
});

describe('decide: deadline', () => {
  it('a task past its deadline is stopped and fails with TIMEOUT', () => {
    const run = model('running', [node('b', 'running')], [task('b', 'x', 'running')]);
    const decision = decide({ type: 'deadline', task: task('b', 'x', 'running'), graceMs: 30_000 }, snapshotOf(run), context());
    expect(decision.effects).toEqual([{ kind: 'stop', key: { runId: RUN_ID, nodeId: 'b', agentId: 'x', attempt: 1 } }]);
    expect(decision.requests[0]).toMatchObject({ kind: 'record-failure', result: { attempt: 1, error: { code: 'TIMEOUT', retryable: true } } });
  });

  it('a task that reported meanwhile is left alone', () => {
    const run = model('running', [node('b', 'succeeded')], [task('b', 'x', 'succeeded')]);
    expect(decide({ type: 'deadline', task: task('b', 'x', 'running'), graceMs: 30_000 }, snapshotOf(run), context()).ignored).toBeDefined();
  });
});

describe('decide: child run finished', () => {
  it.each([
    ['succeeded', 'succeeded', undefined],
    ['failed', 'failed', 'CHILD_RUN_FAILED'],
    ['cancelled', 'failed', 'CHILD_RUN_FAILED'],
  ] as const)('a %s child: the workflow.call node is %s', (childStatus, status, code) => {
    const run = model('running', [node('call', 'running', 1, { type: 'workflow.call' })]);
    const child = { id: 'child-1', status: childStatus, error: null };
    const applied = applyInMemory(run, decide({ type: 'child-run-finished', nodeId: 'call', child, outputs: { leaf: 1 } }, snapshotOf(run), context()));
    expect(run.nodes.get('call')).toMatchObject({ status, ...(code ? { error: expect.objectContaining({ code }) } : { output: { runId: 'child-1', status: 'succeeded', outputs: { leaf: 1 } } }) });
    expect(applied.effects).toContainEqual({ kind: 'follow-up', work: { kind: 'advance', runId: RUN_ID } });
  });

  it('a child still running changes nothing', () => {
    const run = model('running', [node('call', 'running')]);
    expect(decide({ type: 'child-run-finished', nodeId: 'call', child: { id: 'c', status: 'running', error: null }, outputs: {} }, snapshotOf(run), context()).ignored).toBeDefined();
  });
});

describe('decide: claim', () => {
  it.each([
    ['the delivered attempt: claimed', task('b', 'x', 'queued'), 'running', undefined],
    ['the same attempt again (a delivery after a restart): allowed, nothing changes', task('b', 'x', 'running'), 'running', undefined],
    ['a superseded attempt: refused', task('b', 'x', 'queued', 2), 'queued', 'node b attempt 1 was superseded by attempt 2'],
    ['a cancelled task: refused', task('b', 'x', 'cancelled'), 'cancelled', 'node b attempt 1 is cancelled'],
  ] as const)('%s', (_, current, taskStatus, refusal) => {
    const run = model('running', [node('b', 'queued')], [current]);
    const decision = decide({ type: 'claimed', nodeId: 'b', agentId: 'x', attempt: 1, at: NOW }, snapshotOf(run), context());
    applyInMemory(run, decision);
    expect(decision.ignored).toBe(refusal);
    expect(run.tasks.get('b/x')?.status).toBe(taskStatus);
  });
});

describe('decide: start', () => {
  it.each([
    [false, 'running', true],
    [true, 'queued', false],
  ])('admission %s: the run is %s, advanced: %s', (admission, status, advanced) => {
    const decision = decide({ type: 'start', run: { id: RUN_ID, workflowId: 'w', workflowVersion: 1, trigger: 'api', inputs: {} } as never, nodes: [{ nodeId: 'a', type: 'set' }], admission }, snapshotOf(model('pending', [])), context());
    expect(decision.patches[0]).toMatchObject({ kind: 'insert-run', row: { status } });
    expect(decision.patches[1]).toMatchObject({ kind: 'insert-nodes', rows: [{ nodeId: 'a', status: 'pending', attempt: 0 }] });
    expect(decision.effects.some((effect) => effect.kind === 'follow-up')).toBe(advanced);
  });
});

describe('decide: advance', () => {
  //   a ──► b ──► d
  //   └──► c
  const graph = testGraph(['a', 'b', 'c', 'd'], ['a -> b', 'a -> c', 'b -> d']);
  const dispatch = (nodeId: string, attempt = 0): NodePreparation => ({ kind: 'dispatch', fanOut: false, attempt, tasks: [{ runId: RUN_ID, nodeId, agentId: 'x', attempt: attempt + 1 } as NodeTask] });

  it('dispatches the ready nodes it has preparations for; another round for the others', () => {
    const run = model('running', [node('a', 'succeeded'), node('b', 'pending', 0), node('c', 'pending', 0), node('d', 'pending', 0)]);
    const decision = decide({ type: 'advance', preparations: new Map([['b', dispatch('b')]]) }, snapshotOf(run), graphContext(graph));
    const applied = applyInMemory(run, decision);
    expect(decision.again).toBe(true);
    expect(run.nodes.get('b')).toMatchObject({ status: 'queued', attempt: 1, agentId: 'x' });
    expect(run.tasks.get('b/x')).toMatchObject({ attempt: 1, status: 'queued' });
    expect(applied.effects.filter((effect) => effect.kind === 'dispatch')).toHaveLength(1);
  });

  it('a failed upstream skips its dependents, and the run fails with its error', () => {
    const error = { code: 'EXIT_CODE' as const, message: 'exit 1', retryable: false };
    const run = model('running', [node('a', 'succeeded'), node('b', 'failed', 1, { error }), node('c', 'succeeded'), node('d', 'pending', 0)]);
    applyInMemory(run, decide({ type: 'advance', preparations: new Map() }, snapshotOf(run), graphContext(graph)));
    expect(run.nodes.get('d')?.status).toBe('skipped');
    expect(run.run).toMatchObject({ status: 'failed', error: { code: 'EXIT_CODE', nodeId: 'b' } });
  });

  it('a preparation made for an earlier state is not applied', () => {
    const run = model('running', [node('a', 'pending', 1)]);
    const decision = decide({ type: 'advance', preparations: new Map([['a', dispatch('a', 0)]]) }, snapshotOf(run), graphContext(testGraph(['a'])));
    expect(decision.patches).toEqual([]);
    expect(decision.again).toBe(true);
  });

  it('a waiting node whose reason did not change is not written again', () => {
    const run = model('running', [node('a', 'waiting', 0, { waitingReason: 'no agent' })]);
    const decision = decide({ type: 'advance', preparations: new Map([['a', { kind: 'waiting', reason: 'no agent', attempt: 0 }]]) }, snapshotOf(run), graphContext(testGraph(['a'])));
    expect(decision.patches).toEqual([]);
  });
});

describe('fencing by the patch guard (the shell reads no task on a result)', () => {
  it('a late result decided without the task changes nothing once applied', () => {
    const run = model('running', [node('b', 'running', 2)], [task('b', 'x', 'running', 2)]);
    const { tasks: _unread, ...snapshot } = snapshotOf(run);
    const decision = decide({ type: 'result', result: succeeded('b', 'x', 1) }, snapshot, context());
    expect(decision.patches).not.toEqual([]);
    expect(applyInMemory(run, decision).applied).toBe(false);
    expect(run.nodes.get('b')?.status).toBe('running');
  });
});
