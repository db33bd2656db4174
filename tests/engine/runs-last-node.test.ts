import { Client } from 'pg';
import { TaskClaims } from '../../apps/coordinator/src/runs/shell/task-claims';
import { bootEngine, failure, setOutput, workflow, type EngineHarness, type FakeAgent } from './engine.harness';

/** The statements this process sends to Postgres while `work` runs, by prepared name or text (each of a pipeline's, persistence/one-sync-pipeline.ts). */
async function statementsDuring<T>(work: () => Promise<T>): Promise<{ value: T; statements: string[] }> {
  const statements: string[] = [];
  const prototype = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const query = prototype.query;
  prototype.query = function counted(this: unknown, ...args: unknown[]) {
    const [config] = args as [string | { name?: string; text?: string; steps?: ReadonlyArray<{ name?: string; text: string }> }];
    if (typeof config === 'string') statements.push(config);
    else if (config.steps) statements.push(...config.steps.map((step) => step.name ?? step.text));
    else statements.push(config.name ?? config.text ?? '?');
    return query.apply(this, args);
  };
  try {
    return { value: await work(), statements };
  } finally {
    prototype.query = query;
  }
}

/**
 * The result of a run's last node ends the run in the statement that settles the node
 * (core/engine fold-run-end.ts): no statement of its own for the run's end, and no advance
 * after the commit. Everything else about the end is as before.
 */
describe('run engine: the last node ends the run in its own statement', () => {
  let hub: EngineHarness;
  let agent: FakeAgent;

  beforeAll(async () => {
    hub = await bootEngine();
    agent = await hub.agent('host-last-node');
  });

  afterAll(async () => {
    await hub?.close();
  });

  it("a chain's last result settles its node and ends the run in one statement", async () => {
    // ARRANGE: first ──► last
    const definition = workflow({
      name: 'last-node',
      nodes: [
        { id: 'first', type: 'set', config: { values: { step: 1 } } },
        { id: 'last', type: 'set', config: { values: { step: 2 } } },
      ],
      edges: [{ from: 'first', to: 'last' }],
    });
    const started = await hub.startRun({ definition });
    const first = await agent.take('the first node');
    const firstReport = await statementsDuring(() => agent.report(first, setOutput(first)));
    const last = await agent.take('the last node');

    // ACT
    const lastReport = await statementsDuring(() => agent.report(last, setOutput(last)));
    const run = await hub.waitForRun(started.id, (r) => r.status === 'succeeded', 'the run to succeed');

    // ASSERT: the first result settles and dispatches as before; the last one ends the run with its settle
    expect(firstReport.statements).toContain('rh_settle_node_with_task');
    expect(firstReport.statements).not.toContain('rh_settle_node_with_task_and_end_run');
    expect(lastReport.value).toEqual({ ok: true });
    expect(lastReport.statements).toContain('rh_settle_node_with_task_and_end_run');
    expect(lastReport.statements).not.toContain('rh_end_run');
    expect(lastReport.statements).not.toContain('rh_settle_node_with_task');
    expect(run).toMatchObject({ status: 'succeeded', error: null, finishedAt: expect.any(String) });
    expect(run.nodes.map((node) => [node.nodeId, node.status, node.output])).toEqual([
      ['first', 'succeeded', { step: 1 }],
      ['last', 'succeeded', { step: 2 }],
    ]);
  });

  it('a failed last node fails the run with its error, in the same statement', async () => {
    // ARRANGE
    const definition = workflow({ name: 'last-node-fails', nodes: [{ id: 'only', type: 'set', config: { values: {} } }], edges: [] });
    const started = await hub.startRun({ definition });
    const only = await agent.take('the only node');

    // ACT
    const report = await statementsDuring(() => agent.report(only, failure('EXIT_CODE', 'the step exited with 3', false)));
    const run = await hub.waitForRun(started.id, (r) => r.status === 'failed', 'the run to fail');

    // ASSERT
    expect(report.statements).toContain('rh_settle_node_with_task_and_end_run');
    expect(run.error).toMatchObject({ code: 'EXIT_CODE', message: 'the step exited with 3', nodeId: 'only' });
    expect(run.nodes[0]).toMatchObject({ status: 'failed', error: { code: 'EXIT_CODE' } });
  });

  it('a result sent again after the run ended changes nothing', async () => {
    // ARRANGE
    const definition = workflow({ name: 'last-node-twice', nodes: [{ id: 'only', type: 'set', config: { values: { once: true } } }], edges: [] });
    const started = await hub.startRun({ definition });
    const only = await agent.take('the only node');
    await agent.report(only, setOutput(only));
    const ended = await hub.waitForRun(started.id, (r) => r.status === 'succeeded', 'the run to succeed');

    // ACT
    const again = await agent.report(only, { output: { once: false } });
    const run = await hub.run(started.id);

    // ASSERT
    expect(again).toEqual({ ok: true });
    expect(run.finishedAt).toBe(ended.finishedAt);
    expect(run.nodes[0]).toMatchObject({ status: 'succeeded', output: { once: true } });
  });

  it("a claim that the run's last result overtook is granted: the agent is not told to stop a task it finished", async () => {
    // ARRANGE: the only node's result ends the run before its claim's turn
    const definition = workflow({ name: 'last-node-claim', nodes: [{ id: 'only', type: 'set', config: { values: {} } }], edges: [] });
    const started = await hub.startRun({ definition });
    const only = await agent.take('the only node');
    await agent.report(only, setOutput(only));
    await hub.waitForRun(started.id, (r) => r.status === 'succeeded', 'the run to succeed');
    const claims = hub.coordinator.app.get(TaskClaims);
    const key = { runId: only.runId, nodeId: only.nodeId, agentId: agent.id, attempt: only.attempt };

    // ACT
    const overtaken = await claims.claimTask(key);
    const otherAttempt = await claims.claimTask({ ...key, attempt: only.attempt + 1 });

    // ASSERT: granted for the attempt whose result was recorded; any other is refused as before
    expect(overtaken).toEqual({ ok: true });
    expect(otherAttempt).toMatchObject({ ok: false, reason: `run ${only.runId} is succeeded` });
  });
});
