import pino from 'pino';
import { idempotencyKey, type AgentLog, type BundledStep, type NodeResult, type NodeTask, type TaskProgress } from '@runtime-hub/protocol';
import type { BundleBudget } from './task-bundle';
import { TaskRunner, type RunTask, type RunTaskOptions, type TaskOutcome } from './task-runner';

/**
 * A task with a bundle, run by the real TaskRunner over a fake executor frame:
 *
 *   fetch ──▶ parse ──▶ enrich ──▶ store
 *   (task)    bundle[0]  bundle[1]  bundle[2]
 *
 * Each fake node returns `{ from: <its node id> }` unless the test gives it another behaviour.
 */

const NOW = new Date('2025-01-31T08:00:00.000Z');
const RUN = 'run1';
const SECRET = 'pa55-w0rd!';

function step(nodeId: string, overrides: Partial<BundledStep> = {}): BundledStep {
  return { nodeId, nodeType: 'set', attempt: 1, idempotencyKey: idempotencyKey(RUN, nodeId), config: { values: {} }, timeoutMs: 1_000, upstream: {}, ...overrides };
}

function bundledTask(overrides: Partial<NodeTask> = {}): NodeTask {
  return {
    runId: RUN,
    nodeId: 'fetch',
    nodeType: 'set',
    agentId: 'agent1',
    attempt: 2,
    idempotencyKey: idempotencyKey(RUN, 'fetch'),
    config: { values: {} },
    timeoutMs: 1_000,
    inputs: { city: 'Lyon' },
    upstream: {},
    priority: 80,
    bundle: [step('parse', { upstream: { fetch: { status: 'running' }, seed: { status: 'succeeded', output: 7 } } }), step('enrich', { attempt: 3 }), step('store')],
    ...overrides,
  };
}

type Behaviour = (task: NodeTask, options: RunTaskOptions) => Promise<TaskOutcome>;

const outcome = (output: unknown, port?: string): TaskOutcome => ({ status: 'succeeded', output, ...(port ? { port } : {}), startedAt: NOW.toISOString(), finishedAt: NOW.toISOString() });

const failing: Behaviour = async () => ({ status: 'failed', error: { code: 'EXIT_CODE', message: 'exited 1', retryable: false }, startedAt: NOW.toISOString(), finishedAt: NOW.toISOString() });

/** A node that runs until aborted, then fails as the executors do; `started` resolves once it runs. */
function untilAborted() {
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => {
    markStarted = resolve;
  });
  const behaviour: Behaviour = async (_task, options) => {
    markStarted();
    await new Promise((resolve) => options.signal.addEventListener('abort', resolve, { once: true }));
    return { status: 'failed', error: { code: 'CANCELLED', message: 'cancelled', retryable: false }, startedAt: NOW.toISOString(), finishedAt: NOW.toISOString() };
  };
  return { behaviour, started };
}

function harness(behaviours: Record<string, Behaviour> = {}, denied: (task: NodeTask) => readonly string[] = () => [], extra: { bundleBudget?: BundleBudget; now?: () => Date } = {}) {
  const results: NodeResult[] = [];
  const logs: AgentLog[] = [];
  const progress: TaskProgress[] = [];
  const runs: NodeTask[] = [];
  const runTask: RunTask = async (task, options) => {
    runs.push(task);
    options.log('stdout', `running ${task.nodeId}`);
    options.progress(50);
    return (behaviours[task.nodeId] ?? (async () => outcome({ from: task.nodeId })))(task, options);
  };
  const runner = new TaskRunner({
    runTask,
    log: (line) => logs.push(line),
    progress: (update) => progress.push(update),
    report: (result) => results.push(result),
    concurrency: 1,
    workspaceRoot: '/tmp/unused',
    maxOutputBytes: 1024,
    logger: pino({ level: 'silent' }),
    deniedCapabilities: denied,
    now: extra.now ?? (() => NOW),
    ...(extra.bundleBudget ? { bundleBudget: extra.bundleBudget } : {}),
  });
  return { runner, results, logs, progress, runs };
}

const at = { startedAt: NOW.toISOString(), finishedAt: NOW.toISOString() };
const succeededStep = (nodeId: string, attempt = 1) => ({ status: 'succeeded', runId: RUN, nodeId, agentId: 'agent1', attempt, output: { from: nodeId }, ...at });

describe('TaskRunner: a task with a bundle', () => {
  it('runs the steps in order, each seeing the step before it in upstream, and reports once with their results', async () => {
    // ARRANGE: parse fires port `true`, which enrich must see
    const { runner, results, logs, progress, runs } = harness({ parse: async () => outcome({ from: 'parse' }, 'true') });

    // ACT
    runner.accept(bundledTask());
    await runner.settled(1_000);

    // ASSERT
    expect(runs.map((task) => task.nodeId)).toEqual(['fetch', 'parse', 'enrich', 'store']);
    const [, parse, enrich, store] = runs;
    expect(parse).toEqual({
      runId: RUN,
      agentId: 'agent1',
      inputs: { city: 'Lyon' },
      priority: 80,
      ...step('parse'),
      upstream: { fetch: { status: 'succeeded', output: { from: 'fetch' } }, seed: { status: 'succeeded', output: 7 } },
    });
    expect(enrich?.upstream).toEqual({ parse: { status: 'succeeded', port: 'true', output: { from: 'parse' } } });
    expect(enrich?.attempt).toBe(3);
    expect(store?.upstream).toEqual({ enrich: { status: 'succeeded', output: { from: 'enrich' } } });
    expect(results).toEqual([
      {
        status: 'succeeded',
        runId: RUN,
        nodeId: 'fetch',
        agentId: 'agent1',
        attempt: 2,
        output: { from: 'fetch' },
        ...at,
        bundle: [{ ...succeededStep('parse'), port: 'true' }, succeededStep('enrich', 3), succeededStep('store')],
      },
    ]);
    expect(logs.map(({ nodeId, attempt, line }) => [nodeId, attempt, line])).toEqual([
      ['fetch', 2, 'running fetch'],
      ['parse', 1, 'running parse'],
      ['enrich', 3, 'running enrich'],
      ['store', 1, 'running store'],
    ]);
    expect(progress.map(({ nodeId, attempt }) => [nodeId, attempt])).toEqual([
      ['fetch', 2],
      ['parse', 1],
      ['enrich', 3],
      ['store', 1],
    ]);
  });

  it('ends the bundle at a step that fails: its failure is the last result, the steps after it do not run', async () => {
    const { runner, results, runs } = harness({ enrich: failing });
    runner.accept(bundledTask());
    await runner.settled(1_000);

    expect(runs.map((task) => task.nodeId)).toEqual(['fetch', 'parse', 'enrich']);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      status: 'succeeded',
      nodeId: 'fetch',
      bundle: [succeededStep('parse'), { status: 'failed', nodeId: 'enrich', attempt: 3, error: { code: 'EXIT_CODE' } }],
    });
  });

  it('starts no further step once the time budget is spent: the steps run so far are reported', async () => {
    // ARRANGE: each node takes 400 ms of the clock; the budget is 1,000 ms from the task's start
    let clock = NOW.getTime();
    const slow: Behaviour = async (task) => {
      clock += 400;
      return outcome({ from: task.nodeId });
    };
    const { runner, results, runs } = harness({ fetch: slow, parse: slow, enrich: slow, store: slow }, () => [], {
      bundleBudget: { timeMs: 1_000, resultBytes: 1024 * 1024 },
      now: () => new Date(clock),
    });

    // ACT
    runner.accept(bundledTask());
    await runner.settled(1_000);

    // ASSERT: at 800 ms enrich may still start; at 1,200 ms store may not
    expect(runs.map((task) => task.nodeId)).toEqual(['fetch', 'parse', 'enrich']);
    expect(results[0]?.status === 'succeeded' ? results[0].bundle?.map((step) => step.nodeId) : undefined).toEqual(['parse', 'enrich']);
  });

  it('starts no further step when one more output of the largest size would not fit in the result budget', async () => {
    // ARRANGE: outputs of up to 1,024 bytes (the harness's maxOutputBytes); the budget fits the task's result and two small steps' but not a third one's beside a full output
    const big: Behaviour = async () => outcome({ text: 'x'.repeat(300) });
    const { runner, results, runs } = harness({ fetch: big, parse: big, enrich: big, store: big }, () => [], { bundleBudget: { timeMs: 60_000, resultBytes: 2_000 } });

    // ACT
    runner.accept(bundledTask());
    await runner.settled(1_000);

    // ASSERT: each result is about 485 bytes as JSON: 485 + 1,024 fits, 970 + 1,024 fits, 1,455 + 1,024 does not
    expect(runs.map((task) => task.nodeId)).toEqual(['fetch', 'parse', 'enrich']);
    expect(results).toHaveLength(1);
  });

  it('runs no step and reports no bundle when the task itself fails', async () => {
    const { runner, results, runs } = harness({ fetch: failing });
    runner.accept(bundledTask());
    await runner.settled(1_000);

    expect(runs.map((task) => task.nodeId)).toEqual(['fetch']);
    expect(results).toEqual([expect.objectContaining({ status: 'failed', nodeId: 'fetch' })]);
    expect(results[0]).not.toHaveProperty('bundle');
  });

  it('stops the running step and the rest on a cancel of the task, and holds only the task while a step runs', async () => {
    // ARRANGE
    const enrich = untilAborted();
    const { runner, results, runs } = harness({ enrich: enrich.behaviour });
    runner.accept(bundledTask());
    await enrich.started;

    // ACT
    const held = runner.heldAttempts();
    const found = runner.cancel({ runId: RUN, nodeId: 'fetch', attempt: 2 });
    await runner.settled(1_000);

    // ASSERT
    expect(held).toEqual([{ runId: RUN, nodeId: 'fetch', attempt: 2 }]);
    expect(found).toBe(true);
    expect(runs.map((task) => task.nodeId)).toEqual(['fetch', 'parse', 'enrich']);
    expect(results).toEqual([
      expect.objectContaining({
        status: 'succeeded',
        nodeId: 'fetch',
        bundle: [succeededStep('parse'), expect.objectContaining({ status: 'failed', nodeId: 'enrich', error: expect.objectContaining({ code: 'CANCELLED' }) })],
      }),
    ]);
  });

  it('runs no further step after a cancel, even when the running step still succeeds', async () => {
    // ARRANGE: enrich finishes its work whatever the cancel says
    const enrich = untilAborted();
    const { runner, results, runs } = harness({ enrich: async (task, options) => (await enrich.behaviour(task, options), outcome({ from: 'enrich' })) });
    runner.accept(bundledTask());
    await enrich.started;

    // ACT
    runner.cancel({ runId: RUN, nodeId: 'fetch', attempt: 2 });
    await runner.settled(1_000);

    // ASSERT
    expect(runs.map((task) => task.nodeId)).toEqual(['fetch', 'parse', 'enrich']);
    expect(results[0]).toHaveProperty('bundle', [succeededStep('parse'), succeededStep('enrich', 3)]);
  });

  it('reports AGENT_STOPPED for the step running at shutdown, and runs none after it', async () => {
    const enrich = untilAborted();
    const { runner, results, runs } = harness({ enrich: enrich.behaviour });
    runner.accept(bundledTask());
    await enrich.started;

    expect(runner.abortAll('shutdown')).toBe(1);
    await runner.settled(1_000);

    expect(runs.map((task) => task.nodeId)).toEqual(['fetch', 'parse', 'enrich']);
    expect(results).toEqual([
      expect.objectContaining({
        status: 'succeeded',
        nodeId: 'fetch',
        bundle: [
          succeededStep('parse'),
          {
            status: 'failed',
            runId: RUN,
            nodeId: 'enrich',
            agentId: 'agent1',
            attempt: 3,
            ...at,
            error: { code: 'AGENT_STOPPED', message: 'the agent running node enrich was shut down before it finished', retryable: true },
          },
        ],
      }),
    ]);
  });

  it('fails a step that needs a capability the local policy denies, without running it, and ends the bundle there', async () => {
    // ARRANGE: enrich is a PowerShell script on a host that denies PowerShell
    const task = bundledTask({ bundle: [step('parse'), step('enrich', { nodeType: 'shell', config: { shell: 'powershell', script: 'Get-Date' } }), step('store')] });
    const { runner, results, runs } = harness({}, (t) => (t.nodeType === 'shell' ? ['shell:powershell'] : []));

    // ACT
    runner.accept(task);
    await runner.settled(1_000);

    // ASSERT
    expect(runs.map((t) => t.nodeId)).toEqual(['fetch', 'parse']);
    expect(results[0]).toMatchObject({
      status: 'succeeded',
      bundle: [
        succeededStep('parse'),
        {
          status: 'failed',
          nodeId: 'enrich',
          error: { code: 'POLICY_DENIED', message: "this host's local policy denies shell:powershell, which node enrich (shell) needs", retryable: false, details: { denied: ['shell:powershell'] } },
        },
      ],
    });
    expect((results[0] as { bundle?: unknown[] }).bundle).toHaveLength(2);
  });

  it('reports the same result, bundle included, for a bundled task delivered again after it finished', async () => {
    const { runner, results, runs } = harness();
    runner.accept(bundledTask());
    await runner.settled(1_000);

    expect(runner.accept(bundledTask())).toEqual({ ok: true });

    expect(runs).toHaveLength(4);
    expect(results).toHaveLength(2);
    expect(results[1]).toEqual(results[0]);
    expect(results[1]).toHaveProperty('bundle', [succeededStep('parse'), succeededStep('enrich', 3), succeededStep('store')]);
  });

  it("masks the task's secrets in its steps' outputs, errors and log lines, and in what the next step is given", async () => {
    // ARRANGE: parse echoes the secret, enrich quotes it in its failure
    const { runner, results, logs, runs } = harness({
      parse: async (_task, options) => {
        options.log('stdout', `token ${SECRET}`);
        return outcome({ token: SECRET });
      },
      enrich: async () => ({ status: 'failed', error: { code: 'EXIT_CODE', message: `rejected ${SECRET}`, retryable: false }, ...at }),
    });

    // ACT
    runner.accept(bundledTask({ masks: [SECRET] }));
    await runner.settled(1_000);

    // ASSERT
    expect(results[0]).toMatchObject({
      bundle: [
        { nodeId: 'parse', output: { token: '***' } },
        { nodeId: 'enrich', error: { message: 'rejected ***' } },
      ],
    });
    expect(runs[2]?.upstream).toEqual({ parse: { status: 'succeeded', output: { token: '***' } } });
    expect(runs[2]?.masks).toEqual([SECRET]);
    expect(logs.find((line) => line.nodeId === 'parse' && line.line.startsWith('token'))?.line).toBe('token ***');
    expect(JSON.stringify({ results, logs })).not.toContain(SECRET);
  });
});
