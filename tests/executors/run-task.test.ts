import { stat } from 'node:fs/promises';
import { SetOutputSchema } from '@runtime-hub/nodes';
import { TaskHarness, failed, succeeded } from './task-harness';

describe('runTask: the frame around every executor', () => {
  let harness: TaskHarness;

  beforeEach(async () => {
    harness = await TaskHarness.create();
  });

  afterEach(async () => {
    await harness.dispose();
  });

  it('returns the output of a node with its timings', async () => {
    const before = new Date().toISOString();

    const outcome = succeeded(await harness.run('set', { values: { greeting: 'hello', count: 3, nested: { ok: true } } }));

    expect(outcome.output).toEqual({ greeting: 'hello', count: 3, nested: { ok: true } });
    expect(SetOutputSchema.safeParse(outcome.output).success).toBe(true);
    expect(outcome.startedAt >= before).toBe(true);
    expect(outcome.finishedAt >= outcome.startedAt).toBe(true);
  });

  it('fails with CONFIG_INVALID naming the field path', async () => {
    const outcome = failed(await harness.run('http.request', { method: 'GET', url: 'http://127.0.0.1/', okStatuses: [200, 'ok'] }));

    expect(outcome.error.code).toBe('CONFIG_INVALID');
    expect(outcome.error.retryable).toBe(false);
    expect(outcome.error.message).toMatch(/^invalid http\.request config: config\.okStatuses\[1\]: /);
    expect(outcome.error.details).toEqual({ nodeType: 'http.request', issues: [{ path: 'config.okStatuses[1]', message: expect.any(String) }] });
  });

  it('names an enum field that is wrong', async () => {
    const outcome = failed(await harness.run('shell', { shell: 'fish', script: 'echo' }));

    expect(outcome.error).toMatchObject({ code: 'CONFIG_INVALID', details: { issues: [{ path: 'config.shell' }] } });
    expect(outcome.error.message).toContain('config.shell');
  });

  it('refuses an unknown node type', async () => {
    const outcome = failed(await harness.run('teleport', {}));

    expect(outcome.error).toEqual({ code: 'VALIDATION_FAILED', message: 'unknown node type "teleport"', retryable: false, details: { nodeType: 'teleport' } });
  });

  it.each([
    ['python', { code: 'result = 1' }, /not supported by a worker agent \(it runs on the python-agent\)/],
    ['foreach', { items: [1], workflowId: 'w', maxIterations: 1 }, /it runs on the coordinator/],
  ])('reports %s as not supported here', async (nodeType, config, message) => {
    const outcome = failed(await harness.run(nodeType, config));

    expect(outcome.error).toMatchObject({ code: 'NODE_FAILED', retryable: false });
    expect(outcome.error.message).toMatch(message);
  });

  it('refuses an output over the limit, naming both sizes', async () => {
    const outcome = failed(await harness.run('set', { values: { data: 'x'.repeat(2_000) } }, { maxOutputBytes: 1_000 }));

    expect(outcome.error).toEqual({
      code: 'OUTPUT_TOO_LARGE',
      message: 'the node output is 2011 bytes, over the limit of 1000 bytes',
      retryable: false,
      details: { sizeBytes: 2_011, limitBytes: 1_000 },
    });
  });

  it('refuses a script output over the limit', async () => {
    const outcome = failed(await harness.run('shell', { shell: 'sh', script: 'head -c 5000 /dev/zero | tr "\\0" x' }, { maxOutputBytes: 1_000 }));

    expect(outcome.error.code).toBe('OUTPUT_TOO_LARGE');
    expect(outcome.error.message).toMatch(/^the node output is \d{4} bytes, over the limit of 1000 bytes$/);
  });

  it('removes the task workspace after success, failure and timeout', async () => {
    const seen: string[] = [];
    const remember = async () => seen.push(...(await harness.workspaceEntries()));
    const script = 'ls -d "$RH_WORKSPACE"';

    succeeded(await harness.run('shell', { shell: 'sh', script, okExitCodes: [0] }));
    failed(await harness.run('shell', { shell: 'sh', script: `${script}; exit 1` }));
    failed(await harness.run('shell', { shell: 'sh', script: `${script}; sleep 30` }, { timeoutMs: 500 }));
    await remember();

    const workspaces = harness.lines('stdout');
    expect(workspaces).toHaveLength(3);
    expect(new Set(workspaces).size).toBe(3);
    for (const workspace of workspaces) expect(workspace.startsWith(`${harness.workspaceRoot}/`)).toBe(true);
    expect(seen).toEqual([]);
  });

  it('makes no workspace for a control node, which touches no host', async () => {
    // ACT: set, condition, switch and fail, then a shell node
    succeeded(await harness.run('set', { values: { a: 1 } }));
    succeeded(await harness.run('condition', { expression: '1 = 1' }));
    succeeded(await harness.run('switch', { expression: '"b"', cases: ['a', 'b'] }));
    failed(await harness.run('fail', { message: 'stop here' }));
    const afterControlNodes = await stat(harness.workspaceRoot).then(
      () => 'made',
      () => 'never made',
    );
    succeeded(await harness.run('shell', { shell: 'sh', script: 'true' }));
    // ASSERT: the workspace root exists only once a node needed a workspace
    expect(afterControlNodes).toBe('never made');
    expect((await stat(harness.workspaceRoot)).isDirectory()).toBe(true);
  });

  it('does not start a task whose run is already cancelled', async () => {
    const outcome = failed(await harness.run('shell', { shell: 'sh', script: 'echo ran' }, { signal: AbortSignal.abort() }));

    expect(outcome.error).toMatchObject({ code: 'CANCELLED', retryable: false });
    expect(harness.lines('stdout')).toEqual([]);
    expect(await harness.workspaceEntries()).toEqual([]);
  });

  it('fails a fail node with its message and code', async () => {
    const outcome = failed(await harness.run('fail', { message: 'health check failed for web-1', code: 'HEALTH_CHECK_FAILED' }));

    expect(outcome.error).toEqual({
      code: 'NODE_FAILED',
      message: 'health check failed for web-1',
      retryable: false,
      details: { code: 'HEALTH_CHECK_FAILED' },
    });
  });

  it('waits for a delay and reports the time waited', async () => {
    const outcome = succeeded(await harness.run('delay', { ms: 50 }));

    expect((outcome.output as { waitedMs: number }).waitedMs).toBeGreaterThanOrEqual(45);
  });

  describe('expressions evaluated on the agent', () => {
    //   list ──► any (condition) ──true──► ...
    //                            └─false─► ...
    const upstream = { list: { status: 'succeeded' as const, output: { count: 3, names: ['a.log', 'b.log'] } } };

    it('fires true or false by the expression truthiness', async () => {
      const yes = succeeded(await harness.run('condition', { expression: 'nodes.list.output.count > 0' }, { upstream }));
      const no = succeeded(await harness.run('condition', { expression: 'nodes.list.output.count > inputs.min' }, { upstream, inputs: { min: 5 } }));
      const truthy = succeeded(await harness.run('condition', { expression: 'nodes.list.output.names' }, { upstream }));

      expect([yes.output, yes.port]).toEqual([{ value: true }, 'true']);
      expect([no.output, no.port]).toEqual([{ value: false }, 'false']);
      expect([truthy.output, truthy.port]).toEqual([{ value: true }, 'true']);
    });

    it('fails with TEMPLATE_ERROR when the expression cannot be evaluated', async () => {
      const outcome = failed(await harness.run('condition', { expression: 'nodes.missing.output.count > 0' }, { upstream }));

      expect(outcome.error).toMatchObject({ code: 'TEMPLATE_ERROR', retryable: false, details: { expression: 'nodes.missing.output.count > 0' } });
    });

    it('fires the switch case equal to the value, else default', async () => {
      const cases = ['1', '3', 'many'];
      const three = succeeded(await harness.run('switch', { expression: 'nodes.list.output.count', cases }, { upstream }));
      const other = succeeded(await harness.run('switch', { expression: '"none"', cases }, { upstream }));

      expect([three.output, three.port]).toEqual([{ value: 3, port: '3' }, '3']);
      expect([other.output, other.port]).toEqual([{ value: 'none', port: 'default' }, 'default']);
    });
  });
});
