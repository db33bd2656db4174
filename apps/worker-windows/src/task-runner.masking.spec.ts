import pino from 'pino';
import { idempotencyKey, type AgentLog, type NodeResult, type NodeTask, type TaskProgress } from '@runtime-hub/protocol';
import { TaskRunner, type RunTask } from './task-runner';

const NOW = new Date('2025-01-31T08:00:00.000Z');
const SECRET = 'pa55-w0rd!';

function task(masks?: string[]): NodeTask {
  const base = { runId: 'run1', nodeId: 'echo', attempt: 1 };
  return {
    ...base,
    nodeType: 'shell',
    agentId: 'agent1',
    idempotencyKey: idempotencyKey(base.runId, base.nodeId),
    config: { shell: 'sh', script: `echo ${SECRET}` },
    timeoutMs: 1_000,
    inputs: {},
    upstream: {},
    ...(masks ? { masks } : {}),
  };
}

function harness(runTask: RunTask) {
  const results: NodeResult[] = [];
  const logs: AgentLog[] = [];
  const progress: TaskProgress[] = [];
  const runner = new TaskRunner({
    runTask,
    log: (line) => logs.push(line),
    progress: (update) => progress.push(update),
    report: (result) => results.push(result),
    concurrency: 1,
    workspaceRoot: '/tmp/unused',
    maxOutputBytes: 1024,
    logger: pino({ level: 'silent' }),
    now: () => NOW,
  });
  return { runner, results, logs, progress };
}

describe('TaskRunner: secrets delivered with a task never leave it in clear', () => {
  it('masks log lines, progress and the output that echo a secret', async () => {
    // ARRANGE: a node that prints the secret and returns it
    const { runner, results, logs, progress } = harness(async (_task, options) => {
      options.log('stdout', `connecting with ${SECRET}`);
      options.progress(50, `half way (${SECRET})`);
      return { status: 'succeeded', output: { stdout: `${SECRET}\n`, [SECRET]: true }, startedAt: NOW.toISOString(), finishedAt: NOW.toISOString() };
    });
    // ACT
    runner.accept(task([SECRET]));
    await runner.settled(1_000);
    // ASSERT
    expect(logs.map((line) => line.line)).toEqual(['connecting with ***']);
    expect(progress.map((update) => update.message)).toEqual(['half way (***)']);
    expect(results).toEqual([expect.objectContaining({ status: 'succeeded', output: { stdout: '***\n', '***': true } })]);
    expect(JSON.stringify({ logs, progress, results })).not.toContain(SECRET);
  });

  it('masks a failure message that quotes a secret', async () => {
    const { runner, results } = harness(async () => ({
      status: 'failed',
      error: { code: 'EXIT_CODE', message: `curl -u admin:${SECRET} exited 7`, retryable: false },
      startedAt: NOW.toISOString(),
      finishedAt: NOW.toISOString(),
    }));
    runner.accept(task([SECRET]));
    await runner.settled(1_000);
    expect(results).toEqual([expect.objectContaining({ status: 'failed', error: expect.objectContaining({ message: 'curl -u admin:*** exited 7' }) })]);
  });

  it('leaves what a task without secrets sends alone', async () => {
    const { runner, logs } = harness(async (_task, options) => {
      options.log('stdout', `nothing to hide: ${SECRET}`);
      return { status: 'succeeded', output: null, startedAt: NOW.toISOString(), finishedAt: NOW.toISOString() };
    });
    runner.accept(task());
    await runner.settled(1_000);
    expect(logs.map((line) => line.line)).toEqual([`nothing to hide: ${SECRET}`]);
  });
});
