import type { NodeResult } from '@runtime-hub/protocol';
import { decide } from './decide';
import { applyInMemory, snapshotOf, type MemoryRun } from './snapshot.apply';
import { context, failed, model, node, NOW, options, succeeded, task } from './engine.fixtures';

/** One result on one running task: `build` at attempt 1 on agent `a1`. */
function running(): MemoryRun {
  return model('running', [node('build', 'running', 1, { agentId: 'a1', startedAt: NOW })], [task('build', 'a1', 'running')]);
}

function record(run: MemoryRun, result: NodeResult, ctx = context()) {
  const before = JSON.stringify([...run.nodes.values(), ...run.tasks.values()]);
  const decision = decide({ type: 'result', result }, snapshotOf(run), ctx);
  const applied = applyInMemory(run, decision);
  return { decision, applied, unchanged: before === JSON.stringify([...run.nodes.values(), ...run.tasks.values()]) };
}

describe('decide: result', () => {
  describe('fenced out: nothing changes', () => {
    it.each<[string, () => MemoryRun, NodeResult]>([
      ['an earlier attempt', running, succeeded('build', 'a1', 0)],
      ['a later attempt', running, succeeded('build', 'a1', 2)],
      ['another agent', running, succeeded('build', 'a2', 1)],
      ['a settled task (duplicate)', () => model('running', [node('build', 'succeeded')], [task('build', 'a1', 'succeeded')]), succeeded('build', 'a1', 1)],
      ['a cancelled task', () => model('cancelled', [node('build', 'cancelled')], [task('build', 'a1', 'cancelled')]), failed('build', 'a1', 1)],
      ['an unknown node', running, succeeded('ghost', 'a1', 1)],
    ])('%s', (_, build, result) => {
      const { decision, applied, unchanged } = record(build(), result);
      expect(decision.ignored).toBeDefined();
      expect(applied).toEqual({ applied: false, effects: [], requests: [] });
      expect(unchanged).toBe(true);
    });
  });

  it('a success settles the node with its output and port, task and node in one write', () => {
    const run = running();
    const { decision, applied } = record(run, succeeded('build', 'a1', 1, { n: 1 }, 'true'));
    expect(decision.patches.map((patch) => patch.kind)).toEqual(['task-and-node']);
    expect(applied.applied).toBe(true);
    expect(run.nodes.get('build')).toMatchObject({ status: 'succeeded', output: { n: 1 }, port: 'true', error: null });
    expect(run.tasks.get('build/a1')).toMatchObject({ status: 'succeeded', output: { n: 1 } });
    expect(applied.effects).toContainEqual({ kind: 'node-changed', nodeId: 'build' });
  });

  it('an output over the limit fails the node (OUTPUT_TOO_LARGE), not stored', () => {
    const run = running();
    record(run, succeeded('build', 'a1', 1, 'x'.repeat(2_000)));
    expect(run.nodes.get('build')).toMatchObject({ status: 'failed', output: null, error: { code: 'OUTPUT_TOO_LARGE' } });
  });

  it.each([
    ['first retry after the delay', 1, 1_000],
    ['second retry, the delay doubled', 2, 2_000],
  ])('a failure with retries left: %s', (_, attempt, delayMs) => {
    const run = model('running', [node('build', 'running', attempt)], [task('build', 'a1', 'running', attempt)]);
    const { decision, applied } = record(run, failed('build', 'a1', attempt), context({ build: options({ maxAttempts: 3 }) }));
    expect(applied.applied).toBe(true);
    expect(run.tasks.get('build/a1')).toMatchObject({ attempt: attempt + 1, status: 'queued' });
    expect(decision.requests).toEqual([expect.objectContaining({ kind: 'prepare-retry', nodeId: 'build', agentId: 'a1', attempt: attempt + 1, delayMs })]);
  });

  it.each([
    ['the attempts are used up', 3, 'shell', options({ maxAttempts: 3 })],
    ['the error is not retryable and no policy was set', 1, 'shell', options()],
    ['a fail node fails on purpose', 1, 'fail', options({ maxAttempts: 5 })],
  ])('a failure without retries: %s', (_, attempt, type, nodeOptions) => {
    const run = model('running', [node('build', 'running', attempt, { type })], [task('build', 'a1', 'running', attempt)]);
    const { decision } = record(run, failed('build', 'a1', attempt), context({ build: nodeOptions }));
    expect(decision.requests).toEqual([]);
    expect(run.nodes.get('build')).toMatchObject({ status: 'failed', error: { code: 'EXIT_CODE', nodeId: 'build' } });
  });

  it('a lost agent with retries left: the node waits for another agent, avoiding that one', () => {
    const run = running();
    const { applied } = record(run, failed('build', 'a1', 1, 'AGENT_LOST'), context({ build: options({ maxAttempts: 2 }) }));
    expect(run.nodes.get('build')).toMatchObject({ status: 'waiting', agentLosses: 1, agentId: null });
    expect(applied.effects).toContainEqual({ kind: 'avoid-agent', nodeId: 'build', agentId: 'a1' });
  });

  it('a node whose agent was lost too often is quarantined', () => {
    const run = model('running', [node('build', 'running', 1, { agentLosses: 2 })], [task('build', 'a1', 'running')]);
    record(run, failed('build', 'a1', 1, 'AGENT_LOST'), context({ build: options({ maxAttempts: 9 }) }));
    expect(run.nodes.get('build')).toMatchObject({ status: 'failed', agentLosses: 3, error: { code: 'TASK_QUARANTINED' } });
  });

  describe('fan-out (target each, minSuccess)', () => {
    const fanOut = (minSuccess?: number) => context({ clean: options(undefined, { labels: ['web'], each: true, ...(minSuccess !== undefined ? { minSuccess } : {}) }) });
    const cells = () => model('running', [node('clean', 'running')], [task('clean', 'a1', 'running'), task('clean', 'a2', 'running')]);

    it('a cell that is not the last one leaves the node running', () => {
      const run = cells();
      const { applied } = record(run, succeeded('clean', 'a1'), fanOut());
      expect(applied.requests).toEqual([]);
      expect(run.nodes.get('clean')?.status).toBe('running');
    });

    it.each([
      ['all needed, one failed', undefined, 'failed'],
      ['one of two needed', 1, 'succeeded'],
    ])('the last cell settles the node: %s', (_, minSuccess, status) => {
      const run = cells();
      record(run, succeeded('clean', 'a1'), fanOut(minSuccess));
      const { applied } = record(run, failed('clean', 'a2'), fanOut(minSuccess));
      expect(applied.requests).toEqual([{ kind: 'settle-fan-out', nodeId: 'clean' }]);
      const closed = [...run.tasks.values()].map((cell) => ({ agentId: cell.agentId, agentName: cell.agentId, status: cell.status, output: cell.output, error: cell.error, startedAt: cell.startedAt, finishedAt: cell.finishedAt }));
      applyInMemory(run, decide({ type: 'fan-out-closed', nodeId: 'clean', cells: closed }, snapshotOf(run), fanOut(minSuccess)));
      expect(run.nodes.get('clean')?.status).toBe(status);
    });

    it('a cell whose agent was lost fails: no other host can do its part', () => {
      const run = cells();
      const { decision } = record(run, failed('clean', 'a1', 1, 'AGENT_LOST'), context({ clean: options({ maxAttempts: 3 }, { labels: ['web'], each: true }) }));
      expect(decision.requests).toEqual([]);
      expect(run.tasks.get('clean/a1')?.status).toBe('failed');
    });
  });

  it('the prepared retry queues the node at the next attempt and dispatches after the delay', () => {
    const run = running();
    const { decision } = record(run, failed('build', 'a1', 1, 'TIMEOUT'), context({ build: options({ maxAttempts: 2 }) }));
    const [request] = decision.requests;
    if (request?.kind !== 'prepare-retry') throw new Error('expected a retry');
    const nodeTask = { runId: 'run-1', nodeId: 'build', agentId: 'a1', attempt: 2 } as never;
    const applied = applyInMemory(run, decide({ type: 'retry-prepared', request, built: { ok: true, tasks: [nodeTask] } }, snapshotOf(run), context()));
    expect(run.nodes.get('build')).toMatchObject({ status: 'queued', attempt: 2 });
    expect(applied.effects).toContainEqual({ kind: 'dispatch', task: nodeTask, delayMs: 1_000 });
  });
});
