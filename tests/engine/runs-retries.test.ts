import { bootEngine, failure, setOutput, waitFor, workflow, type EngineHarness, type FakeAgent, type TaskAnswer } from './engine.harness';

/** Backoff of the retry tests: long enough to see the job delayed, short enough for a test. */
const RETRY_DELAY_MS = 300;

describe('run engine: retries, duplicates, cancel, retry of failed nodes', () => {
  let hub: EngineHarness;
  let agent: FakeAgent;

  beforeAll(async () => {
    hub = await bootEngine({ RH_LOG_LEVEL: process.env.ENGINE_LOG ?? 'silent' });
    agent = await hub.agent('host-r');
  });

  afterAll(async () => {
    await hub?.close();
  });

  it('retries a retryable failure with backoff, fences off the late attempt and records a duplicate once', async () => {
    /*
     *   flaky ──► after
     */
    // ARRANGE
    const definition = workflow({
      name: 'flaky',
      nodes: [
        { id: 'flaky', type: 'set', config: { values: { attempt: '{{ run.attempt }}' } }, retry: { maxAttempts: 3, backoff: 'fixed', delayMs: RETRY_DELAY_MS } },
        { id: 'after', type: 'set', config: { values: {} } },
      ],
      edges: [{ from: 'flaky', to: 'after' }],
    });
    const started = await hub.startRun({ definition });

    // ACT: attempt 1 times out
    const attempt1 = await agent.take('attempt 1');
    await agent.report(attempt1, failure('TIMEOUT', 'killed after 60000 ms', true));
    const delayed = await waitFor(async () => (await agent.delayedJobs())[0], 'attempt 2 to be delayed');
    const duringBackoff = await hub.run(started.id);

    // ACT: attempt 2 comes after the backoff; attempt 1's late success is ignored
    const attempt2 = await agent.take('attempt 2');
    const lateResult = await agent.report(attempt1, { output: { late: true } });
    await agent.report(attempt2, setOutput(attempt2));
    const duplicate = await agent.report(attempt2, { output: { duplicate: true } });
    const after = await agent.take('after');
    await agent.report(after, setOutput(after));
    const run = await hub.waitForRun(started.id, (r) => r.status === 'succeeded', 'the run to succeed');

    // ASSERT
    expect(attempt1.attempt).toBe(1);
    expect(delayed.data.attempt).toBe(2);
    expect(delayed.opts.delay).toBe(RETRY_DELAY_MS);
    expect(duringBackoff.nodes[0]).toMatchObject({ status: 'queued', attempt: 2 });
    expect(attempt2.attempt).toBe(2);
    expect(attempt1.idempotencyKey).toBe(`${started.id}:flaky`);
    expect(attempt2.idempotencyKey).toBe(attempt1.idempotencyKey);
    expect(attempt2.config).toEqual({ values: { attempt: 2 } });
    // Both are acknowledged (the agent may drop them) and change nothing: fenced by the attempt.
    expect(lateResult).toEqual({ ok: true });
    expect(duplicate).toEqual({ ok: true });
    const flaky = run.nodes.find((node) => node.nodeId === 'flaky');
    expect(flaky).toMatchObject({ status: 'succeeded', attempt: 2, output: { attempt: 2 } });
    expect(flaky?.tasks).toEqual([expect.objectContaining({ attempt: 2, status: 'succeeded', output: { attempt: 2 } })]);
    const logs = await hub.request<{ items: Array<{ stream: string; line: string; attempt: number }> }>('GET', `/api/runs/${started.id}/logs`);
    expect(logs.body.items).toEqual([expect.objectContaining({ stream: 'system', attempt: 1, line: expect.stringContaining('attempt 2 starts in 300 ms') })]);
  });

  it('stops retrying when the attempts are used up; an explicit policy retries an exit code, never a failure that cannot change', async () => {
    // ARRANGE
    const definition = workflow({
      name: 'exhausted',
      nodes: [
        { id: 'times_out', type: 'set', config: { values: {} }, retry: { maxAttempts: 2, backoff: 'fixed', delayMs: 0 } },
        { id: 'exits', type: 'set', config: { values: {} }, retry: { maxAttempts: 3, backoff: 'fixed', delayMs: 0 } },
        { id: 'narrowed', type: 'set', config: { values: {} }, retry: { maxAttempts: 3, backoff: 'fixed', delayMs: 0, on: ['TIMEOUT'] } },
        { id: 'unchanging', type: 'set', config: { values: {} }, retry: { maxAttempts: 5, backoff: 'fixed', delayMs: 0 } },
        { id: 'no_policy', type: 'set', config: { values: {} } },
      ],
    });
    const started = await hub.startRun({ definition });
    const answers: Record<string, TaskAnswer> = {
      times_out: failure('TIMEOUT', 'too slow', true),
      exits: failure('EXIT_CODE', 'exit 1', false),
      narrowed: failure('EXIT_CODE', 'exit 1', false),
      unchanging: failure('CONFIG_INVALID', 'config.values: expected object', false),
      no_policy: failure('EXIT_CODE', 'exit 1', false),
    };

    // ACT
    const seen: string[] = [];
    agent.autoRun((task) => {
      seen.push(`${task.nodeId}#${task.attempt}`);
      return answers[task.nodeId]!;
    });
    const run = await hub.waitForRun(started.id, (r) => r.status === 'failed', 'the run to fail');
    await agent.stopAutoRun();

    // ASSERT
    expect(seen.sort()).toEqual(['exits#1', 'exits#2', 'exits#3', 'narrowed#1', 'no_policy#1', 'times_out#1', 'times_out#2', 'unchanging#1']);
    expect(run.nodes.map((node) => [node.nodeId, node.status, node.attempt, node.error?.code])).toEqual([
      ['times_out', 'failed', 2, 'TIMEOUT'],
      ['exits', 'failed', 3, 'EXIT_CODE'],
      ['narrowed', 'failed', 1, 'EXIT_CODE'],
      ['unchanging', 'failed', 1, 'CONFIG_INVALID'],
      ['no_policy', 'failed', 1, 'EXIT_CODE'],
    ]);
  });

  it('cancels a run mid-way: queued jobs removed, the running task told to stop, late results ignored', async () => {
    /*
     *   slow ──► never
     *   queued_one
     */
    // ARRANGE: one slot, so one root runs and the other waits in the agent's queue
    const single = await hub.agent('host-single-slot', { labels: ['single-slot'], concurrency: 1 });
    const definition = workflow({
      name: 'to-cancel',
      defaults: { target: { labels: ['single-slot'] } },
      nodes: [
        { id: 'slow', type: 'set', config: { values: {} } },
        { id: 'never', type: 'set', config: { values: {} } },
        { id: 'queued_one', type: 'set', config: { values: {} } },
      ],
      edges: [{ from: 'slow', to: 'never' }],
    });
    const started = await hub.startRun({ definition });
    const running = await single.take('one root to run');
    await hub.waitForRun(started.id, (r) => r.nodes.some((node) => node.status === 'running'), 'the delivered root to run');
    const waiting = await waitFor(async () => (await single.waitingTasks())[0], 'the other root to wait in the queue');
    const stopSignal = new Promise<unknown>((resolve) => single.socket.once('task:cancel', resolve));

    // ACT
    const cancelled = await hub.request<{ status: string }>('POST', `/api/runs/${started.id}/cancel`, { body: { reason: 'operator stopped it' } });
    const stop = await stopSignal;
    const lateResult = await single.report(running, setOutput(running));
    const again = await hub.request<{ error: { code: string } }>('POST', `/api/runs/${started.id}/cancel`);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const run = await hub.run(started.id);

    // ASSERT
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect(stop).toEqual({ runId: started.id, nodeId: running.nodeId, attempt: 1 });
    expect(waiting.nodeId).not.toBe(running.nodeId);
    expect(await single.waitingTasks()).toEqual([]);
    expect(lateResult).toEqual({ ok: true });
    expect(again.status).toBe(409);
    expect(run.status).toBe('cancelled');
    expect(run.error).toMatchObject({ code: 'CANCELLED', message: 'operator stopped it' });
    expect(run.nodes.map((node) => [node.nodeId, node.status])).toEqual([
      ['slow', 'cancelled'],
      ['never', 'cancelled'],
      ['queued_one', 'cancelled'],
    ]);
    expect(run.nodes[0]?.output).toBeNull();
    // Untargeted nodes of the next tests must not go to this agent.
    await single.close();
  });

  it('retries the failed nodes of a failed run and what they left unrun', async () => {
    /*
     *   ok ──► fails ──► downstream
     */
    // ARRANGE
    const definition = workflow({
      name: 'retry-me',
      nodes: [
        { id: 'ok', type: 'set', config: { values: { n: 1 } } },
        { id: 'fails', type: 'set', config: { values: {} }, retry: { maxAttempts: 1, backoff: 'fixed', delayMs: 0 } },
        { id: 'downstream', type: 'set', config: { values: {} } },
      ],
      edges: [
        { from: 'ok', to: 'fails' },
        { from: 'fails', to: 'downstream' },
      ],
    });
    const started = await hub.startRun({ definition });
    let broken = true;
    agent.autoRun((task) => (task.nodeId === 'fails' && broken ? failure('IO_ERROR', 'disk full', false) : setOutput(task)));
    await hub.waitForRun(started.id, (r) => r.status === 'failed', 'the first try to fail');
    const notFailed = await hub.startRun({ definition: workflow({ name: 'fine', nodes: [{ id: 'a', type: 'set', config: { values: {} } }] }) });
    await hub.waitForRun(notFailed.id, (r) => r.status === 'succeeded', 'the other run to succeed');

    // ACT
    broken = false;
    const retried = await hub.request<{ status: string }>('POST', `/api/runs/${started.id}/retry`);
    const run = await hub.waitForRun(started.id, (r) => r.status === 'succeeded', 'the retried run to succeed');
    const refused = await hub.request<{ error: { code: string; message: string } }>('POST', `/api/runs/${notFailed.id}/retry`);
    await agent.stopAutoRun();

    // ASSERT
    expect(retried.status).toBe(202);
    expect(run.error).toBeNull();
    expect(run.nodes.map((node) => [node.nodeId, node.status, node.attempt])).toEqual([
      ['ok', 'succeeded', 1],
      ['fails', 'succeeded', 2],
      ['downstream', 'succeeded', 1],
    ]);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('succeeded');
  });

  it('keeps a node waiting, with its reason, until a matching agent comes online', async () => {
    // ARRANGE
    const definition = workflow({
      name: 'needs-finance',
      nodes: [{ id: 'pay', type: 'set', config: { values: {} }, target: { labels: ['windows', 'finance'] } }],
    });
    await insertOfflineAgent(hub.database.url, { name: 'finance-switched-off', labels: ['windows', 'finance'] });
    const started = await hub.startRun({ definition });
    const waiting = await hub.waitForRun(started.id, (r) => r.nodes[0]?.status === 'waiting', 'the node to wait');

    // ACT
    const finance = await hub.agent('host-finance', { labels: ['windows', 'finance'] });
    const task = await finance.take('the waiting node, once an agent matches');
    await finance.report(task, setOutput(task));
    const run = await hub.waitForRun(started.id, (r) => r.status === 'succeeded', 'the run to succeed');

    // ASSERT
    expect(waiting.nodes[0]?.waitingReason).toContain('windows');
    expect(waiting.nodes[0]?.attempt).toBe(0);
    expect(run.nodes[0]).toMatchObject({ status: 'succeeded', agentId: finance.id, attempt: 1, waitingReason: null });
  });

  it('moves a task of a lost agent to another one and fences the lost agent off', async () => {
    // ARRANGE
    const definition = workflow({
      name: 'survives-a-host',
      nodes: [{ id: 'work', type: 'set', config: { values: {} }, target: { labels: ['pool'] }, retry: { maxAttempts: 3, backoff: 'fixed', delayMs: 0 } }],
    });
    const first = await hub.agent('pool-1', { labels: ['pool'] });
    const started = await hub.startRun({ definition });
    const task = await first.take('the task on pool-1');
    await hub.waitForRun(started.id, (r) => r.nodes[0]?.status === 'running', 'the task to run on pool-1');
    const second = await hub.agent('pool-2', { labels: ['pool'] });

    // ACT
    await hub.coordinator.app.get(AgentFleetListener).agentLost(first.id);
    const moved = await second.take('the task moved to pool-2');
    await second.report(moved, setOutput(moved));
    await first.report(task, { output: { late: true } });
    const run = await hub.waitForRun(started.id, (r) => r.status === 'succeeded', 'the run to succeed on pool-2');

    // ASSERT
    expect(moved.attempt).toBe(2);
    expect(run.nodes[0]).toMatchObject({ status: 'succeeded', agentId: second.id, attempt: 2, output: {} });
  });
});

// A host that enrolled once and is off: the run is accepted and its node waits.
import { insertOfflineAgent } from '../fleet/offline-agent';
// The engine itself, to simulate the agents module reporting a lost agent.
import { AgentFleetListener } from '../../apps/coordinator/src/runs/shell/agent-fleet.listener';
