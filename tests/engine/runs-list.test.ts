import type { RunSummary, RunSummaryPage } from '@runtime-hub/protocol';
import { bootEngine, failure, setOutput, waitFor, workflow, type EngineHarness, type FakeAgent } from './engine.harness';

describe('run engine: listing runs, their logs, fan-out', () => {
  let hub: EngineHarness;
  let windows: FakeAgent;
  let linux: FakeAgent;
  const started: RunSummary[] = [];

  beforeAll(async () => {
    hub = await bootEngine();
    windows = await hub.agent('win-1', { labels: ['windows'] });
    linux = await hub.agent('lin-1', { labels: ['linux'] });
    windows.autoRun();
    linux.autoRun(() => failure('NODE_FAILED', 'no', false));
    // Five runs: three on windows (one from the CLI) that succeed, two on linux that fail.
    const onWindows = workflow({ name: 'win-job', nodes: [{ id: 'a', type: 'set', config: { values: {} }, target: { labels: ['windows'] } }] });
    const onLinux = workflow({ name: 'lin-job', nodes: [{ id: 'a', type: 'fail', config: { message: 'no' }, target: { labels: ['linux'] } }] });
    for (const body of [
      { definition: onWindows },
      { definition: onWindows, trigger: 'cli' },
      { definition: onLinux },
      { definition: onWindows },
      { definition: onLinux },
    ]) {
      started.push(await hub.startRun(body as Record<string, unknown>) as RunSummary);
    }
  });

  afterAll(async () => {
    await hub?.close();
  });

  async function list(query: string): Promise<RunSummaryPage> {
    const response = await hub.request<RunSummaryPage>('GET', `/api/runs${query}`);
    if (response.status !== 200) throw new Error(`GET /api/runs${query}: ${response.status} ${response.text}`);
    return response.body;
  }

  it('lists newest first and pages with an opaque cursor, without gaps or repeats', async () => {
    // ACT
    const first = await list('?limit=2');
    const second = await list(`?limit=2&cursor=${first.nextCursor}`);
    const third = await list(`?limit=2&cursor=${second.nextCursor}`);
    const all = await list('');

    // ASSERT
    const newestFirst = [...started].reverse().map((run) => run.id);
    expect(all.items.map((run) => run.id)).toEqual(newestFirst);
    expect([...first.items, ...second.items, ...third.items].map((run) => run.id)).toEqual(newestFirst);
    expect(first.nextCursor).not.toBeNull();
    expect(third.items).toHaveLength(1);
    expect(third.nextCursor).toBeNull();
  });

  it('filters by workflow, trigger, agent, status and creation time', async () => {
    // ARRANGE
    const windowsWorkflow = started[0]!.workflowId;
    const finished = await Promise.all(started.map((run) => hub.waitForRun(run.id, (r) => r.status !== 'running', 'the run to finish')));
    const middle = finished[2]!.createdAt;

    // ACT
    const byWorkflow = await list(`?workflowId=${windowsWorkflow}`);
    const byTrigger = await list('?trigger=cli');
    const byAgent = await list(`?agentId=${linux.id}`);
    const failedOnes = await list('?status=failed');
    const fromMiddle = await list(`?from=${encodeURIComponent(middle)}`);
    const beforeMiddle = await list(`?to=${encodeURIComponent(middle)}`);

    // ASSERT
    expect(byWorkflow.items.map((run) => run.id).sort()).toEqual([started[0]!.id, started[1]!.id, started[3]!.id].sort());
    expect(byTrigger.items.map((run) => run.id)).toEqual([started[1]!.id]);
    expect(byAgent.items.map((run) => run.id).sort()).toEqual([started[2]!.id, started[4]!.id].sort());
    expect(failedOnes.items.map((run) => run.id).sort()).toEqual([started[2]!.id, started[4]!.id].sort());
    expect(fromMiddle.items.map((run) => run.id)).toEqual([started[4]!.id, started[3]!.id, started[2]!.id]);
    expect(beforeMiddle.items.map((run) => run.id)).toEqual([started[1]!.id, started[0]!.id]);
  });

  it('refuses bad query values, naming them', async () => {
    // ACT
    const badStatus = await hub.request<{ error: { message: string } }>('GET', '/api/runs?status=sleeping');
    const badCursor = await hub.request<{ error: { message: string } }>('GET', '/api/runs?cursor=nonsense');
    const badLimit = await hub.request<{ error: { message: string } }>('GET', '/api/runs?limit=0');

    // ASSERT
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.error.message).toContain('status');
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.message).toContain('cursor');
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.message).toContain('limit');
  });

  it('refuses a top-level filter that is not true or false, or that contradicts parentRunId', async () => {
    const badTopLevel = await hub.request<{ error: { message: string } }>('GET', '/api/runs?topLevel=maybe');
    const contradiction = await hub.request<{ error: { message: string } }>('GET', `/api/runs?topLevel=true&parentRunId=${started[0]!.id}`);
    expect(badTopLevel.status).toBe(400);
    expect(badTopLevel.body.error.message).toContain('topLevel');
    expect(contradiction.status).toBe(400);
    expect(contradiction.body.error.message).toContain('topLevel');
  });

  it('pages a run log by line id, per node', async () => {
    // ARRANGE
    const runId = started[0]!.id;
    for (let line = 1; line <= 5; line += 1) {
      windows.socket.emit('agent:log', { runId, nodeId: 'a', attempt: 1, stream: 'stdout', line: `line ${line}`, at: new Date().toISOString() });
    }
    const all = await waitFor(async () => {
      const page = await hub.request<{ items: Array<{ id: number; line: string }> }>('GET', `/api/runs/${runId}/logs`);
      return page.body.items.length === 5 ? page.body.items : undefined;
    }, 'five stored log lines');

    // ACT
    const first = await hub.request<{ items: Array<{ id: number; line: string }>; nextCursor: string | null }>('GET', `/api/runs/${runId}/logs?limit=2`);
    const rest = await hub.request<{ items: Array<{ line: string }>; nextCursor: string | null }>('GET', `/api/runs/${runId}/logs?after=${first.body.nextCursor}`);
    const otherNode = await hub.request<{ items: unknown[] }>('GET', `/api/runs/${runId}/logs?nodeId=zzz`);
    const unknownRun = await hub.request('GET', '/api/runs/no-such-run/logs');

    // ASSERT
    expect(all.map((item) => item.line)).toEqual(['line 1', 'line 2', 'line 3', 'line 4', 'line 5']);
    expect(first.body.items.map((item) => item.line)).toEqual(['line 1', 'line 2']);
    expect(first.body.nextCursor).toBe(String(first.body.items[1]!.id));
    expect(rest.body.items.map((item) => item.line)).toEqual(['line 3', 'line 4', 'line 5']);
    expect(rest.body.nextCursor).toBeNull();
    expect(otherNode.body.items).toEqual([]);
    expect(unknownRun.status).toBe(404);
  });

  it('fans out to every matching agent, keying the output by agent name and each cell\'s idempotency key by agent id', async () => {
    /*
     *   everywhere(target: labels [fleet], each) ──► after
     */
    // ARRANGE
    const fleetA = await hub.agent('fleet-a', { labels: ['fleet'] });
    const fleetB = await hub.agent('fleet-b', { labels: ['fleet'] });
    const definition = workflow({
      name: 'fan-out',
      nodes: [
        { id: 'everywhere', type: 'set', config: { values: {} }, target: { labels: ['fleet'], each: true } },
        { id: 'after', type: 'set', config: { values: { hosts: '{{ $keys(nodes.everywhere.output) }}' } }, target: { labels: ['fleet'] } },
      ],
      edges: [{ from: 'everywhere', to: 'after' }],
    });
    const keys: string[] = [];
    fleetA.autoRun((task) => {
      keys.push(task.idempotencyKey);
      return task.nodeId === 'after' ? setOutput(task) : { output: { host: 'a' } };
    });
    fleetB.autoRun((task) => {
      keys.push(task.idempotencyKey);
      return task.nodeId === 'after' ? setOutput(task) : { output: { host: 'b' } };
    });

    // ACT
    const run = await hub.waitForRun((await hub.startRun({ definition })).id, (r) => r.status === 'succeeded', 'the fan-out run to succeed');

    // ASSERT
    const everywhere = run.nodes[0]!;
    expect(everywhere.output).toEqual({ 'fleet-a': { host: 'a' }, 'fleet-b': { host: 'b' } });
    expect(everywhere.agentId).toBeNull();
    expect(everywhere.tasks.map((task) => [task.agentId, task.status]).sort()).toEqual(
      [
        [fleetA.id, 'succeeded'],
        [fleetB.id, 'succeeded'],
      ].sort(),
    );
    expect(run.nodes[1]!.output).toEqual({ hosts: ['fleet-a', 'fleet-b'] });
    expect(keys.sort()).toEqual([`${run.id}:after`, `${run.id}:everywhere:${fleetA.id}`, `${run.id}:everywhere:${fleetB.id}`].sort());
  });
});
