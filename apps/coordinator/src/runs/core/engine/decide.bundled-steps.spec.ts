import type { BundledResult } from '@runtime-hub/protocol';
import { decide } from './decide';
import type { BundledStepsEvent, Patch } from './engine.types';
import { context, failed, model, node, NOW, RUN_ID, succeeded } from './engine.fixtures';
import { applyInMemory, snapshotOf } from './snapshot.apply';

/**
 *   fetch ──▶ parse ──▶ enrich ──▶ store      all on agent-a; fetch is the task, the rest its bundle
 */
const BUNDLE = ['parse', 'enrich', 'store'];
const TASK: BundledStepsEvent['task'] = { runId: RUN_ID, nodeId: 'fetch', agentId: 'agent-a', attempt: 1, bundle: BUNDLE };

function steps(...results: BundledResult[]): BundledStepsEvent {
  return { type: 'bundled-steps', steps: results, task: TASK };
}

/** The run as the task's result left it: fetch succeeded, its bundle's nodes pending. */
function chainRun(runStatus: 'running' | 'cancelled' = 'running') {
  return model(runStatus, [node('fetch', 'succeeded', 1, { agentId: 'agent-a' }), node('parse', 'pending', 0), node('enrich', 'pending', 0), node('store', 'pending', 0)]);
}

const kinds = (patches: readonly Patch[]) => patches.map((patch) => patch.kind);

describe('decide bundled-steps', () => {
  it('settles every step that succeeded in one write, each on the agent at its attempt, with its task row', () => {
    // ARRANGE
    const run = chainRun();

    // ACT
    const decision = decide(steps(succeeded('parse', 'agent-a', 1, { n: 1 }, 'true'), succeeded('enrich', 'agent-a'), succeeded('store', 'agent-a')), snapshotOf(run), context());
    const applied = applyInMemory(run, decision);

    // ASSERT
    expect(kinds(decision.patches)).toEqual(['bundled-steps']);
    expect(decision.requests).toEqual([]);
    expect(applied.applied).toBe(true);
    expect(run.nodes.get('parse')).toMatchObject({ status: 'succeeded', attempt: 1, agentId: 'agent-a', port: 'true', output: { n: 1 } });
    expect(run.nodes.get('store')).toMatchObject({ status: 'succeeded', attempt: 1, port: 'out' });
    expect(run.tasks.get('enrich/agent-a')).toMatchObject({ status: 'succeeded', attempt: 1, startedAt: NOW, finishedAt: NOW });
    expect(applied.effects.filter((effect) => effect.kind === 'node-changed')).toHaveLength(3);
  });

  it('settles the steps before a failed one, then starts the failed one and asks to record its result like any result', () => {
    // ARRANGE
    const run = chainRun();
    const enrichFailed = failed('enrich', 'agent-a') as BundledResult;

    // ACT
    const decision = decide(steps(succeeded('parse', 'agent-a'), enrichFailed), snapshotOf(run), context());
    const applied = applyInMemory(run, decision);

    // ASSERT: the failure goes through `result` (its retry policy, its error) on a node running at its attempt
    expect(kinds(decision.patches)).toEqual(['bundled-steps', 'node']);
    expect(applied.requests).toEqual([{ kind: 'record-step', result: enrichFailed }]);
    expect(run.nodes.get('parse')?.status).toBe('succeeded');
    expect(run.nodes.get('enrich')).toMatchObject({ status: 'running', attempt: 1, agentId: 'agent-a', startedAt: NOW });
    expect(run.tasks.get('enrich/agent-a')).toMatchObject({ status: 'running', attempt: 1 });
    expect(run.nodes.get('store')?.status).toBe('pending');
    const recorded = decide({ type: 'result', result: enrichFailed }, snapshotOf(run), context());
    applyInMemory(run, recorded);
    expect(run.nodes.get('enrich')?.status).toBe('failed');
  });

  it('records an output over the limit through `result`, which fails it as OUTPUT_TOO_LARGE', () => {
    // ARRANGE: the context's limit is 1,000 bytes
    const run = chainRun();
    const large = succeeded('parse', 'agent-a', 1, { text: 'x'.repeat(2_000) }) as BundledResult;

    // ACT
    const decision = decide(steps(large, succeeded('enrich', 'agent-a')), snapshotOf(run), context());
    applyInMemory(run, decision);
    applyInMemory(run, decide({ type: 'result', result: large }, snapshotOf(run), context()));

    // ASSERT
    expect(kinds(decision.patches)).toEqual(['node']);
    expect(decision.requests).toEqual([{ kind: 'record-step', result: large }]);
    expect(run.nodes.get('parse')).toMatchObject({ status: 'failed', error: expect.objectContaining({ code: 'OUTPUT_TOO_LARGE' }) });
    expect(run.nodes.get('enrich')?.status).toBe('pending');
  });

  it.each([
    ['a node the task did not carry', [succeeded('parse', 'agent-a'), succeeded('audit', 'agent-a')], 'the task did not carry it at that place'],
    ['the carried nodes out of order', [succeeded('enrich', 'agent-a')], 'the task did not carry it at that place'],
    ['a step in another agent’s name', [succeeded('parse', 'agent-a'), succeeded('enrich', 'agent-b')], 'it names another run or agent than its task'],
  ])('takes the steps before %s and logs why it stops there', (_case, results, why) => {
    // ARRANGE
    const run = chainRun();

    // ACT
    const decision = decide(steps(...(results as BundledResult[])), snapshotOf(run), context());
    applyInMemory(run, decision);

    // ASSERT
    const settledBefore = results.length - 1;
    expect(decision.patches).toHaveLength(settledBefore > 0 ? 1 : 0);
    expect(decision.effects).toEqual([{ kind: 'log', nodeId: 'fetch', attempt: 1, line: expect.stringContaining(why) }]);
    expect([...run.nodes.values()].filter((row) => row.status === 'succeeded')).toHaveLength(1 + settledBefore);
  });

  it('takes no step whose node moved on meanwhile (a cancel closed it), nor any after it', () => {
    // ARRANGE
    const run = model('running', [node('fetch', 'succeeded', 1), node('parse', 'cancelled', 0), node('enrich', 'pending', 0), node('store', 'pending', 0)]);

    // ACT
    const decision = decide(steps(succeeded('parse', 'agent-a'), succeeded('enrich', 'agent-a')), snapshotOf(run), context());

    // ASSERT
    expect(decision.patches).toEqual([]);
    expect(decision.effects).toEqual([{ kind: 'log', nodeId: 'fetch', attempt: 1, line: expect.stringContaining('no longer pending at attempt 0') }]);
  });

  it('ignores the steps of a run that is no longer running', () => {
    // ARRANGE
    const run = chainRun('cancelled');

    // ACT
    const decision = decide(steps(succeeded('parse', 'agent-a')), snapshotOf(run), context());

    // ASSERT
    expect(decision.ignored).toBe(`run ${RUN_ID} is cancelled`);
  });

  it('changes nothing in a write whose nodes another transaction settled first (the guard holds)', () => {
    // ARRANGE: decided on the rows as read, applied after parse settled
    const run = chainRun();
    const decision = decide(steps(succeeded('parse', 'agent-a')), snapshotOf(run), context());
    Object.assign(run.nodes.get('parse')!, { status: 'succeeded', attempt: 1 });

    // ACT
    const applied = applyInMemory(run, decision);

    // ASSERT
    expect(applied.applied).toBe(false);
  });
});
