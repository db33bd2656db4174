import type { TaskRef } from '@runtime-hub/protocol';
import { AgentFleetListener } from '../../apps/coordinator/src/runs/shell/agent-fleet.listener';
import { bootEngine, waitFor, workflow, type EngineHarness } from './engine.harness';

/**
 * What keeps a node from staying open forever, or from being delivered forever:
 * - the deadline watchdog fails a task still running past its timeout plus a grace, whatever
 *   happened to its result;
 * - a node whose agent keeps being lost while running it is quarantined.
 */

/** Shortened so the watchdog acts within the test: a node of 300 ms is late 200 ms after. */
const NODE_TIMEOUT_MS = 300;
const DEADLINE_GRACE_MS = 200;
const DEADLINE_CHECK_INTERVAL_MS = 100;
const MAX_AGENT_LOSSES = 3;

describe('run engine: deadlines and quarantine', () => {
  let hub: EngineHarness;

  beforeAll(async () => {
    hub = await bootEngine({
      RH_TASK_DEADLINE_GRACE_MS: String(DEADLINE_GRACE_MS),
      RH_TASK_DEADLINE_CHECK_INTERVAL_MS: String(DEADLINE_CHECK_INTERVAL_MS),
      RH_TASK_MAX_AGENT_LOSSES: String(MAX_AGENT_LOSSES),
    });
  });

  afterAll(async () => {
    await hub?.close();
  });

  it('fails a task whose result never comes once it outlives its timeout, retries it, and tells its agent to stop', async () => {
    // ARRANGE: an agent that accepts the task and never answers the first attempt
    const silent = await hub.agent('host-silent', { labels: ['silent'] });
    const stops: TaskRef[] = [];
    silent.socket.on('task:cancel', (stop: TaskRef) => stops.push(stop));
    const started = await hub.startRun({
      definition: workflow({
        name: 'never-answered',
        nodes: [{ id: 'lost', type: 'set', config: { values: {} }, timeoutMs: NODE_TIMEOUT_MS, target: { labels: ['silent'] }, retry: { maxAttempts: 2, backoff: 'fixed', delayMs: 0 } }],
      }),
    });

    // ACT: attempt 1 gets no result; attempt 2 is answered
    const first = await silent.take('attempt 1');
    const second = await silent.take('attempt 2, after the watchdog failed attempt 1', 10_000);
    await silent.report(second, { output: { late: false } });
    const run = await hub.waitForRun(started.id, (r) => r.status === 'succeeded', 'the run to succeed');

    // ASSERT
    expect([first.attempt, second.attempt]).toEqual([1, 2]);
    expect(stops).toContainEqual({ runId: started.id, nodeId: 'lost', attempt: 1 });
    // Log lines are stored in batches: wait for the system line.
    const logs = await waitFor(async () => {
      const page = await hub.request<{ items: Array<{ line: string; attempt: number }> }>('GET', `/api/runs/${started.id}/logs`);
      return page.body.items.length > 0 ? page.body.items : undefined;
    }, 'the system log line of the failed attempt');
    expect(logs).toEqual([expect.objectContaining({ attempt: 1, line: expect.stringMatching(/TIMEOUT: attempt 1 on agent .* ran past its timeout/) })]);
    expect(run.nodes[0]).toMatchObject({ status: 'succeeded', attempt: 2 });
    await silent.close();
  });

  it('quarantines a node whose agent was lost while running it too many times', async () => {
    // ARRANGE: two agents that accept and never answer (as if the task took each one down)
    const fleet = hub.coordinator.app.get(AgentFleetListener);
    const hosts = [await hub.agent('host-crash-a', { labels: ['crashy'] }), await hub.agent('host-crash-b', { labels: ['crashy'] })];
    const started = await hub.startRun({
      definition: workflow({
        name: 'poison',
        nodes: [{ id: 'poison', type: 'set', config: { values: {} }, target: { labels: ['crashy'] }, retry: { maxAttempts: 10, backoff: 'fixed', delayMs: 0 } }],
      }),
    });

    // ACT: the agent running it is lost, again and again
    for (let loss = 1; loss <= MAX_AGENT_LOSSES; loss += 1) {
      const running = await hub.waitForRun(started.id, (r) => r.nodes[0]?.status === 'running' && r.nodes[0].attempt === loss, `attempt ${loss} to run`);
      await fleet.agentLost(running.nodes[0]!.agentId!);
    }
    const run = await hub.waitForRun(started.id, (r) => r.status === 'failed', 'the run to fail');

    // ASSERT: not delivered a fourth time; the error says why
    expect(run.nodes[0]).toMatchObject({ status: 'failed', attempt: MAX_AGENT_LOSSES });
    expect(run.nodes[0]?.error).toMatchObject({ code: 'TASK_QUARANTINED', retryable: false, details: { agentLosses: MAX_AGENT_LOSSES, limit: MAX_AGENT_LOSSES } });
    expect(run.nodes[0]?.error?.message).toContain(`its agent was lost ${MAX_AGENT_LOSSES} times while running it`);
    for (const host of hosts) await host.close();
  });
});
