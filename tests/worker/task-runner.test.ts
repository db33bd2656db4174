/**
 * The task runner's decisions with the executor frame, the control channel and the results
 * queue replaced by in-memory fakes: what runs, what is handed back, what is reported.
 */
import pino from 'pino';
import { idempotencyKey, type AgentLog, type NodeResult, type NodeTask } from '@runtime-hub/protocol';
import type { ClaimOutcome } from '../../apps/worker-windows/src/control-messages';
import { logLine, TaskRunner, type RunTask, type TaskOutcome } from '../../apps/worker-windows/src/task-runner';
import { CLAIM_RETRY_DELAY_MS } from '../../apps/worker-windows/src/worker.defaults';

const NOW = new Date('2025-01-31T08:00:00.000Z');
const JOB_ID = 'run1.step.agent1.2';

function task(overrides: Partial<NodeTask> = {}): NodeTask {
  const base = { runId: 'run1', nodeId: 'step', attempt: 2 };
  return {
    ...base,
    nodeType: 'set',
    agentId: 'agent1',
    idempotencyKey: idempotencyKey(base.runId, base.nodeId),
    config: { values: { a: 1 } },
    timeoutMs: 1_000,
    inputs: {},
    upstream: {},
    ...overrides,
  };
}

const succeeded: TaskOutcome = { status: 'succeeded', output: { a: 1 }, startedAt: NOW.toISOString(), finishedAt: NOW.toISOString() };

function harness(options: { claim?: ClaimOutcome; runTask?: RunTask; denied?: readonly string[] } = {}) {
  const results: Array<{ result: NodeResult; jobId: string }> = [];
  const logs: AgentLog[] = [];
  const runs: NodeTask[] = [];
  const runner = new TaskRunner({
    runTask:
      options.runTask ??
      (async (t, o) => {
        runs.push(t);
        o.log('stdout', 'working');
        return succeeded;
      }),
    claim: async () => options.claim ?? { kind: 'claimed' },
    log: (line) => logs.push(line),
    progress: () => undefined,
    addResult: async (result, jobId) => {
      results.push({ result, jobId });
    },
    workspaceRoot: '/tmp/unused',
    maxOutputBytes: 1024,
    logger: pino({ level: 'silent' }),
    deniedCapabilities: () => options.denied ?? [],
    now: () => NOW,
  });
  return { runner, results, logs, runs };
}

describe('TaskRunner', () => {
  it('runs a claimed task and adds its result under the job id', async () => {
    const { runner, results, logs, runs } = harness();
    expect(await runner.process(JOB_ID, task())).toEqual({ kind: 'complete' });
    expect(runs).toHaveLength(1);
    expect(results).toEqual([
      {
        jobId: JOB_ID,
        result: { status: 'succeeded', runId: 'run1', nodeId: 'step', agentId: 'agent1', attempt: 2, output: { a: 1 }, startedAt: NOW.toISOString(), finishedAt: NOW.toISOString() },
      },
    ]);
    expect(logs).toEqual([{ runId: 'run1', nodeId: 'step', attempt: 2, stream: 'stdout', line: 'working', at: NOW.toISOString() }]);
  });

  it('fails a claimed task that needs a capability the local policy denies, without running it, not retryable', async () => {
    const { runner, results, runs } = harness({ denied: ['shell:powershell'] });
    expect(await runner.process(JOB_ID, task({ nodeType: 'shell', config: { shell: 'powershell', script: 'Get-Date' } }))).toEqual({ kind: 'complete' });
    expect(runs).toHaveLength(0);
    expect(results).toEqual([
      {
        jobId: JOB_ID,
        result: {
          status: 'failed',
          runId: 'run1',
          nodeId: 'step',
          agentId: 'agent1',
          attempt: 2,
          startedAt: NOW.toISOString(),
          finishedAt: NOW.toISOString(),
          error: { code: 'POLICY_DENIED', message: "this host's local policy denies shell:powershell, which node step (shell) needs", retryable: false, details: { denied: ['shell:powershell'] } },
        },
      },
    ]);
  });

  it('runs a task delivered again while it still runs here only once, and settles both deliveries alike', async () => {
    // ARRANGE
    let finish: () => void = () => undefined;
    const executions: NodeTask[] = [];
    const { runner, results } = harness({
      runTask: async (t) => {
        executions.push(t);
        await new Promise<void>((resolve) => {
          finish = resolve;
        });
        return succeeded;
      },
    });

    // ACT
    const first = runner.process(JOB_ID, task());
    await new Promise((resolve) => setImmediate(resolve));
    const again = runner.process(JOB_ID, task());
    finish();

    // ASSERT
    expect(await Promise.all([first, again])).toEqual([{ kind: 'complete' }, { kind: 'complete' }]);
    expect(executions).toHaveLength(1);
    expect(results).toHaveLength(1);
  });

  it('sends the result again, without running it again, for a task delivered again after it finished here', async () => {
    // ARRANGE
    const { runner, results, runs } = harness();
    await runner.process(JOB_ID, task());

    // ACT
    const again = await runner.process(JOB_ID, task());

    // ASSERT
    expect(again).toEqual({ kind: 'complete' });
    expect(runs).toHaveLength(1);
    expect(results).toHaveLength(2);
    expect(results[1]).toEqual(results[0]);
  });

  it('completes a refused task without running it or reporting anything', async () => {
    const { runner, results, runs } = harness({ claim: { kind: 'refused', reason: 'attempt 2 was superseded' } });
    expect(await runner.process(JOB_ID, task())).toEqual({ kind: 'complete' });
    expect(runs).toHaveLength(0);
    expect(results).toHaveLength(0);
  });

  it('hands a task back, delayed, when the claim gets no answer', async () => {
    const { runner, results, runs } = harness({ claim: { kind: 'unreachable', reason: 'not connected' } });
    expect(await runner.process(JOB_ID, task())).toEqual({ kind: 'hand-back', delayMs: CLAIM_RETRY_DELAY_MS, reason: 'not connected' });
    expect(runs).toHaveLength(0);
    expect(results).toHaveLength(0);
  });

  it('drops a task whose deadline passed while it was queued', async () => {
    const { runner, results, runs } = harness();
    expect(await runner.process(JOB_ID, task({ deadlineAt: '2025-01-31T07:59:59.000Z' }))).toEqual({ kind: 'complete' });
    expect(runs).toHaveLength(0);
    expect(results).toHaveLength(0);
  });

  it('reports a failed result when the executor frame throws, instead of crashing', async () => {
    const { runner, results } = harness({
      runTask: async () => {
        throw new TypeError('boom');
      },
    });
    expect(await runner.process(JOB_ID, task())).toEqual({ kind: 'complete' });
    expect(results[0]?.result).toMatchObject({ status: 'failed', error: { code: 'INTERNAL', message: 'boom', retryable: true } });
  });

  it('drops a malformed task whose job id names no attempt', async () => {
    const { runner, results } = harness();
    expect(await runner.process('not-a-task-id', { nonsense: true })).toEqual({ kind: 'complete' });
    expect(results).toHaveLength(0);
  });

  it('aborts on cancel and reports the outcome; on shutdown hands back without a result', async () => {
    const waitForAbort: RunTask = (_t, o) =>
      new Promise((resolve) =>
        o.signal.addEventListener('abort', () =>
          resolve({ status: 'failed', error: { code: 'CANCELLED', message: 'cancelled', retryable: false }, startedAt: NOW.toISOString(), finishedAt: NOW.toISOString() }),
        ),
      );
    const { runner, results } = harness({ runTask: waitForAbort });

    const cancelled = runner.process(JOB_ID, task());
    await new Promise((resolve) => setImmediate(resolve));
    expect(runner.runningCount).toBe(1);
    expect(runner.cancel({ runId: 'run1', nodeId: 'step', attempt: 1 })).toBe(false);
    expect(runner.cancel({ runId: 'run1', nodeId: 'step', attempt: 2 })).toBe(true);
    expect(await cancelled).toEqual({ kind: 'complete' });
    expect(results[0]?.result).toMatchObject({ status: 'failed', error: { code: 'CANCELLED' } });

    // Another task: the cancelled one, delivered again, would get its result sent again.
    const shutDown = runner.process('run2.step.agent1.2', task({ runId: 'run2', idempotencyKey: idempotencyKey('run2', 'step') }));
    await new Promise((resolve) => setImmediate(resolve));
    expect(runner.abortAll('shutdown')).toBe(1);
    expect(await shutDown).toEqual({ kind: 'hand-back', delayMs: 0, reason: 'worker shutting down' });
    expect(results).toHaveLength(1);
    expect(runner.runningCount).toBe(0);
  });
});

describe('logLine', () => {
  it('cuts a line over the protocol limit and marks the cut', () => {
    const line = logLine(task(), 'stderr', 'x'.repeat(20_000), NOW).line;
    expect(line.length).toBe(16_384);
    expect(line.endsWith(' …[truncated]')).toBe(true);
  });
});
