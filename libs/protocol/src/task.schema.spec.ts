import { NodeResultSchema, NodeTaskSchema, idempotencyKey, parseTaskJobId, taskJobId, type NodeTask } from './task.schema';

const runId = '6f1d7a52-2a8e-4c9b-9a57-0d3c1e5b8f10';
const agentId = '0b8c2e1a-6a0f-4b7d-8f43-2d9b7c1e0a55';

function aTask(): NodeTask {
  return {
    runId,
    nodeId: 'clean',
    nodeType: 'shell',
    agentId,
    attempt: 2,
    idempotencyKey: idempotencyKey(runId, 'clean'),
    config: { shell: 'powershell', script: 'Remove-Item -Recurse C:/Temp/*' },
    timeoutMs: 30_000,
    inputs: { dir: 'C:/Temp' },
    upstream: { list: { status: 'succeeded', port: 'out', output: { count: 2, files: ['a', 'b'] } }, any: { status: 'succeeded', port: 'true', output: { value: true } } },
  };
}

describe('NodeTaskSchema', () => {
  it('round-trips a task through JSON', () => {
    const task = aTask();
    expect(NodeTaskSchema.parse(JSON.parse(JSON.stringify(task)))).toEqual(task);
  });

  it('keys a node by run and node, whatever the attempt, and a fan-out cell also by its agent', () => {
    expect(aTask().idempotencyKey).toBe(`${runId}:clean`);
    expect(idempotencyKey(runId, 'clean', agentId)).toBe(`${runId}:clean:${agentId}`);
    expect(NodeTaskSchema.safeParse({ ...aTask(), idempotencyKey: `${runId}:clean:${agentId}` }).success).toBe(true);
  });

  it.each([
    ['the attempt', `${runId}:clean:2`],
    ['another node', `${runId}:list`],
    ['another agent', `${runId}:clean:another-agent`],
  ])('refuses an idempotency key naming %s', (_what, key) => {
    const result = NodeTaskSchema.safeParse({ ...aTask(), idempotencyKey: key });
    expect(result.error!.issues[0]).toMatchObject({ path: ['idempotencyKey'], message: expect.stringContaining(`"${runId}:clean"`) });
  });

  it('refuses attempt 0 and a bad upstream state, naming both', () => {
    const task = aTask();
    const result = NodeTaskSchema.safeParse({ ...task, attempt: 0, upstream: { list: { status: 'done' } } });
    const paths = result.error!.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['attempt', 'upstream.list.status']));
  });
});

describe('NodeResultSchema', () => {
  const times = { startedAt: '2025-03-01T08:00:00.000Z', finishedAt: '2025-03-01T08:00:01.500+01:00' };

  it('round-trips both outcomes', () => {
    const succeeded = { status: 'succeeded' as const, runId, nodeId: 'any', agentId, attempt: 1, port: 'true', output: { value: true }, ...times };
    const failed = {
      status: 'failed' as const,
      runId,
      nodeId: 'clean',
      agentId,
      attempt: 1,
      error: { code: 'TIMEOUT' as const, message: 'timed out after 30000 ms', retryable: true },
      ...times,
    };
    expect(NodeResultSchema.parse(JSON.parse(JSON.stringify(succeeded)))).toEqual(succeeded);
    expect(NodeResultSchema.parse(JSON.parse(JSON.stringify(failed)))).toEqual(failed);
  });

  it('needs an error on a failure and names it', () => {
    const result = NodeResultSchema.safeParse({ status: 'failed', runId, nodeId: 'clean', agentId, attempt: 1, ...times });
    expect(result.error!.issues.map((issue) => issue.path)).toEqual([['error']]);
  });

  it('needs the output key on a success (null when there is nothing)', () => {
    const result = NodeResultSchema.safeParse({ status: 'succeeded', runId, nodeId: 'a', agentId, attempt: 1, ...times });
    expect(result.error!.issues.map((issue) => issue.path)).toEqual([['output']]);
  });

  it('refuses an unknown status', () => {
    const result = NodeResultSchema.safeParse({ status: 'done', runId, nodeId: 'a', agentId, attempt: 1, ...times });
    expect(result.error!.issues[0]!.path).toEqual(['status']);
  });
});

describe('taskJobId', () => {
  it('joins the parts without the colon BullMQ refuses', () => {
    const id = taskJobId(runId, 'clean', agentId, 3);
    expect(id).toBe(`${runId}.clean.${agentId}.3`);
    expect(id).not.toContain(':');
  });

  it('is parsed back to its parts', () => {
    expect(parseTaskJobId(taskJobId(runId, 'clean', agentId, 3))).toEqual({ runId, nodeId: 'clean', agentId, attempt: 3 });
  });

  it('gives null for ids it did not make', () => {
    expect(parseTaskJobId('42')).toBeNull();
    expect(parseTaskJobId(`${runId}.clean.${agentId}.zero`)).toBeNull();
    expect(parseTaskJobId(`${runId}..${agentId}.1`)).toBeNull();
  });
});
