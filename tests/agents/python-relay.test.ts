import type { Socket } from 'socket.io-client';
import { idempotencyKey, type NodeTask } from '@runtime-hub/protocol';
import { TASK_ASSIGN_RETRY_DELAY_MS } from '../../apps/coordinator/src/agents/python-task.relay';
import { registration, startAgentsHarness, WAIT_TIMEOUT_MS, waitFor, type AgentsHarness } from './agents.harness';

const pythonTask = (agentId: string, nodeId: string): NodeTask => ({
  runId: 'run-py',
  nodeId,
  nodeType: 'python',
  agentId,
  attempt: 1,
  idempotencyKey: idempotencyKey('run-py', nodeId),
  config: { code: 'result = 1' },
  timeoutMs: 1_000,
  inputs: {},
  upstream: {},
});

describe('tasks of Python agents', () => {
  let harness: AgentsHarness;
  let agent: Socket;
  let agentId: string;
  const assigned: NodeTask[] = [];
  let accept = true;

  beforeAll(async () => {
    harness = await startAgentsHarness();
    const enrolled = await harness.enroll(registration('py-1', { kind: 'python', capabilities: ['python'] }));
    agent = enrolled.socket;
    agentId = enrolled.ack.agentId;
    agent.on('task:assign', (task: NodeTask, ack: (response: unknown) => void) => {
      assigned.push(task);
      ack(accept ? { ok: true } : { ok: false, error: { code: 'INTERNAL', message: 'busy' } });
    });
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('hands a dispatched task to the agent as task:assign, and completes its job on the ack', async () => {
    const task = pythonTask(agentId, 'compute');
    const key = { runId: task.runId, nodeId: task.nodeId, agentId, attempt: 1 };

    await harness.dispatcher.dispatch(task);

    await waitFor(() => assigned.length === 1, 'task:assign');
    expect(assigned).toEqual([task]);
    await waitFor(async () => !(await harness.dispatcher.exists(key)), 'the job to complete');
  });

  it('offers a task the agent did not accept again after a delay', async () => {
    accept = false;
    const task = pythonTask(agentId, 'retry');
    await harness.dispatcher.dispatch(task);
    await waitFor(() => assigned.some((received) => received.nodeId === 'retry'), 'the first offer');
    accept = true;

    await waitFor(() => assigned.filter((received) => received.nodeId === 'retry').length === 2, 'the second offer', TASK_ASSIGN_RETRY_DELAY_MS + WAIT_TIMEOUT_MS);

    await waitFor(async () => !(await harness.dispatcher.exists({ runId: task.runId, nodeId: task.nodeId, agentId, attempt: 1 })), 'the job to complete');
  });
});
