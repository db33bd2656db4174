import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TASK_BUNDLES_CAPABILITY, type RunRecord } from '@runtime-hub/protocol';
import { runCli, stop, waitForListening, type CliRun } from '../coordinator-api/cli.harness';
import { FakeAgent, TEST_ENROLL_TOKEN, failure, setOutput, waitFor, workflow } from './engine.harness';

/**
 * The engine on the embedded database (PGlite: one connection, so a query outside an open
 * transaction would wait for it forever). The coordinator runs as a child process: PGlite
 * loads its WebAssembly with a dynamic import(), which jest's module sandbox does not allow.
 */
describe('run engine on the embedded database (PGlite)', () => {
  const adminToken = 'pglite-admin-token-0123456789abcdef';
  const queuePrefix = `rh-test-${Math.random().toString(16).slice(2, 14)}`;
  let dataDir: string;
  let coordinator: CliRun;
  let url: string;
  let agent: FakeAgent;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'rh-engine-pglite-'));
    coordinator = runCli(['coordinator'], {
      RH_DATA_DIR: dataDir,
      RH_PORT: '0',
      RH_LOG_LEVEL: 'info',
      RH_ADMIN_TOKEN: adminToken,
      RH_ENROLL_TOKEN: TEST_ENROLL_TOKEN,
      RH_QUEUE_PREFIX: queuePrefix,
    });
    url = await waitForListening(coordinator);
    agent = await FakeAgent.enroll(url, queuePrefix, 'pglite-host', { capabilities: [TASK_BUNDLES_CAPABILITY] });
  });

  afterAll(async () => {
    await agent?.close();
    if (coordinator) await stop(coordinator);
    await rm(dataDir, { recursive: true, force: true });
  });

  async function api<T>(method: string, route: string, body?: unknown): Promise<T> {
    const response = await fetch(`${url}${route}`, {
      method,
      headers: { authorization: `Bearer ${adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return (await response.json()) as T;
  }

  it('runs a chain with a retry and a child run to success', async () => {
    /*
     *   first ──► call(child: inner) ──► last
     */
    // ARRANGE
    const definition = workflow({
      name: 'pglite-run',
      nodes: [
        { id: 'first', type: 'set', config: { values: { n: 1 } }, retry: { maxAttempts: 2, backoff: 'fixed', delayMs: 0 } },
        { id: 'call', type: 'workflow.call', config: { workflow: workflow({ name: 'pglite-child', nodes: [{ id: 'inner', type: 'set', config: { values: { deep: true } } }] }) } },
        { id: 'last', type: 'set', config: { values: { from: '{{ nodes.call.output.outputs.inner.deep }}' } } },
      ],
      edges: [
        { from: 'first', to: 'call' },
        { from: 'call', to: 'last' },
      ],
    });
    let failedOnce = false;
    agent.autoRun((task) => {
      if (task.nodeId === 'first' && !failedOnce) {
        failedOnce = true;
        return failure('IO_ERROR', 'file locked', true);
      }
      return setOutput(task);
    });

    // ACT
    const started = await api<{ id: string }>('POST', '/api/runs', { definition });
    const run = await waitFor(async () => {
      const current = await api<RunRecord>('GET', `/api/runs/${started.id}`);
      return current.status === 'succeeded' || current.status === 'failed' ? current : undefined;
    }, 'the run to finish');
    await agent.stopAutoRun();

    // ASSERT
    expect(run.status).toBe('succeeded');
    expect(run.nodes.map((node) => [node.nodeId, node.status, node.attempt])).toEqual([
      ['first', 'succeeded', 2],
      ['call', 'succeeded', 1],
      ['last', 'succeeded', 1],
    ]);
    expect(run.nodes[2]?.output).toEqual({ from: true });
  });

  it('records a bundle: the steps that succeeded together, a failed one by its retry policy', async () => {
    /*
     *   one ──► two ──► three      on the one agent: `one` carries the other two
     */
    // ARRANGE
    const definition = workflow({
      name: 'pglite-bundle',
      defaults: { retry: { maxAttempts: 2, backoff: 'fixed', delayMs: 0 } },
      nodes: ['one', 'two', 'three'].map((id) => ({ id, type: 'set', config: { values: { id } } })),
      edges: [
        { from: 'one', to: 'two' },
        { from: 'two', to: 'three' },
      ],
    });
    const started = await api<{ id: string }>('POST', '/api/runs', { definition });
    const task = await agent.take('the task of `one`');

    // ACT: two succeeds, three fails once (retryable) and is dispatched again alone
    const ack = await agent.report(task, setOutput(task), [{ output: { id: 'two' } }, failure('IO_ERROR', 'file locked', true)]);
    const retried = await agent.take('the second attempt of `three`');
    await agent.report(retried, setOutput(retried));
    const run = await waitFor(async () => {
      const current = await api<RunRecord>('GET', `/api/runs/${started.id}`);
      return current.status === 'succeeded' || current.status === 'failed' ? current : undefined;
    }, 'the run to finish');

    // ASSERT
    expect(task.bundle?.map((step) => step.nodeId)).toEqual(['two', 'three']);
    expect(ack).toEqual({ ok: true });
    expect([retried.nodeId, retried.attempt, retried.bundle]).toEqual(['three', 2, undefined]);
    expect(run.status).toBe('succeeded');
    expect(run.nodes.map((node) => [node.nodeId, node.status, node.attempt, node.agentId, node.output])).toEqual([
      ['one', 'succeeded', 1, agent.id, { id: 'one' }],
      ['two', 'succeeded', 1, agent.id, { id: 'two' }],
      ['three', 'succeeded', 2, agent.id, { id: 'three' }],
    ]);
  });
});
