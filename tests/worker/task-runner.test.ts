/**
 * The task runner's decisions with the executor frame and the control channel replaced by
 * in-memory fakes: what is accepted, what runs, what is reported.
 */
import pino from 'pino';
import { idempotencyKey, type AgentLog, type NodeResult, type NodeTask } from '@runtime-hub/protocol';
import { logLine, TaskRunner, type RunTask, type TaskOutcome } from '../../apps/worker-windows/src/task-runner';

const NOW = new Date('2025-01-31T08:00:00.000Z');

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

function harness(options: { runTask?: RunTask; denied?: readonly string[]; concurrency?: number } = {}) {
  const results: NodeResult[] = [];
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
    log: (line) => logs.push(line),
    progress: () => undefined,
    report: (result) => results.push(result),
    concurrency: options.concurrency ?? 4,
    workspaceRoot: '/tmp/unused',
    maxOutputBytes: 1024,
    logger: pino({ level: 'silent' }),
    deniedCapabilities: () => options.denied ?? [],
    now: () => NOW,
  });
  return { runner, results, logs, runs };
}

/** A frame whose task runs until the test says so. */
function heldOpen() {
  let finish: () => void = () => undefined;
  const executions: NodeTask[] = [];
  const runTask: RunTask = async (t) => {
    executions.push(t);
    await new Promise<void>((resolve) => {
      finish = resolve;
    });
    return succeeded;
  };
  return { runTask, executions, finish: () => finish() };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('TaskRunner', () => {
  it('accepts a task at once, runs it and reports its result', async () => {
    const { runner, results, logs, runs } = harness();
    expect(runner.accept(task())).toEqual({ ok: true });
    expect(await runner.settled(1_000)).toBe(true);
    expect(runs).toHaveLength(1);
    expect(results).toEqual([
      { status: 'succeeded', runId: 'run1', nodeId: 'step', agentId: 'agent1', attempt: 2, output: { a: 1 }, startedAt: NOW.toISOString(), finishedAt: NOW.toISOString() },
    ]);
    expect(logs).toEqual([{ runId: 'run1', nodeId: 'step', attempt: 2, stream: 'stdout', line: 'working', at: NOW.toISOString() }]);
  });

  it('fails a task that needs a capability the local policy denies, without running it, not retryable', async () => {
    const { runner, results, runs } = harness({ denied: ['shell:powershell'] });
    expect(runner.accept(task({ nodeType: 'shell', config: { shell: 'powershell', script: 'Get-Date' } }))).toEqual({ ok: true });
    await runner.settled(1_000);
    expect(runs).toHaveLength(0);
    expect(results).toEqual([
      {
        status: 'failed',
        runId: 'run1',
        nodeId: 'step',
        agentId: 'agent1',
        attempt: 2,
        startedAt: NOW.toISOString(),
        finishedAt: NOW.toISOString(),
        error: { code: 'POLICY_DENIED', message: "this host's local policy denies shell:powershell, which node step (shell) needs", retryable: false, details: { denied: ['shell:powershell'] } },
      },
    ]);
  });

  it('runs a task delivered again while it still runs here only once, and says it holds it', async () => {
    // ARRANGE
    const frame = heldOpen();
    const { runner, results } = harness({ runTask: frame.runTask });

    // ACT
    expect(runner.accept(task())).toEqual({ ok: true });
    await settle();
    expect(runner.accept(task())).toEqual({ ok: true });
    const held = runner.heldAttempts();
    frame.finish();
    await runner.settled(1_000);

    // ASSERT
    expect(held).toEqual([{ runId: 'run1', nodeId: 'step', attempt: 2 }]);
    expect(frame.executions).toHaveLength(1);
    expect(results).toHaveLength(1);
    expect(runner.heldAttempts()).toEqual([]);
  });

  it('reports the result again, without running it again, for a task delivered again after it finished here', async () => {
    const { runner, results, runs } = harness();
    runner.accept(task());
    await runner.settled(1_000);

    expect(runner.accept(task())).toEqual({ ok: true });

    expect(runs).toHaveLength(1);
    expect(results).toHaveLength(2);
    expect(results[1]).toEqual(results[0]);
  });

  it('refuses a task beyond its slots, and every task once it stops accepting', async () => {
    const frame = heldOpen();
    const { runner } = harness({ runTask: frame.runTask, concurrency: 1 });
    expect(runner.accept(task())).toEqual({ ok: true });
    const other = task({ runId: 'run2', idempotencyKey: idempotencyKey('run2', 'step') });
    expect(runner.accept(other)).toEqual({ ok: false, error: { code: 'CONFLICT', message: 'no free slot: 1 of 1 tasks running' } });
    runner.stopAccepting();
    frame.finish();
    await runner.settled(1_000);
    expect(runner.accept(other)).toEqual({ ok: false, error: { code: 'CONFLICT', message: 'this worker is shutting down' } });
  });

  it('fails a task whose deadline passed before it arrived, without running it', async () => {
    const { runner, results, runs } = harness();
    expect(runner.accept(task({ deadlineAt: '2025-01-31T07:59:59.000Z' }))).toEqual({ ok: true });
    await runner.settled(1_000);
    expect(runs).toHaveLength(0);
    expect(results[0]).toMatchObject({ status: 'failed', error: { code: 'TIMEOUT', retryable: false } });
  });

  it('reports a failed result when the executor frame throws, instead of crashing', async () => {
    const { runner, results } = harness({
      runTask: async () => {
        throw new TypeError('boom');
      },
    });
    runner.accept(task());
    await runner.settled(1_000);
    expect(results[0]).toMatchObject({ status: 'failed', error: { code: 'INTERNAL', message: 'boom', retryable: true } });
  });

  it('refuses a malformed task that names no attempt, naming the fields', () => {
    const { runner, results } = harness();
    expect(runner.accept({ nonsense: true })).toMatchObject({ ok: false, error: { code: 'INVALID_MESSAGE', message: expect.stringContaining('runId') } });
    expect(results).toHaveLength(0);
  });

  it('aborts on cancel and reports the outcome; on shutdown reports AGENT_STOPPED', async () => {
    const waitForAbort: RunTask = (_t, o) =>
      new Promise((resolve) =>
        o.signal.addEventListener('abort', () =>
          resolve({ status: 'failed', error: { code: 'CANCELLED', message: 'cancelled', retryable: false }, startedAt: NOW.toISOString(), finishedAt: NOW.toISOString() }),
        ),
      );
    const { runner, results } = harness({ runTask: waitForAbort });

    runner.accept(task());
    await settle();
    expect(runner.runningCount).toBe(1);
    expect(runner.cancel({ runId: 'run1', nodeId: 'step', attempt: 1 })).toBe(false);
    expect(runner.cancel({ runId: 'run1', nodeId: 'step', attempt: 2 })).toBe(true);
    await runner.settled(1_000);
    expect(results[0]).toMatchObject({ status: 'failed', error: { code: 'CANCELLED' } });

    runner.accept(task({ runId: 'run2', idempotencyKey: idempotencyKey('run2', 'step') }));
    await settle();
    expect(runner.abortAll('shutdown')).toBe(1);
    await runner.settled(1_000);
    expect(results[1]).toMatchObject({ status: 'failed', runId: 'run2', error: { code: 'AGENT_STOPPED', retryable: true } });
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
