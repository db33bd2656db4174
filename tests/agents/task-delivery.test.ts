import type { Socket } from 'socket.io-client';
import { idempotencyKey, type NodeTask, type TaskRef } from '@runtime-hub/protocol';
import type { TaskClaimRef } from '../../apps/coordinator/src/agents/agent-task.ports';
import { registration, startAgentsHarness, WAIT_TIMEOUT_MS, waitFor, type AgentsHarness } from './agents.harness';

/**
 * Task delivery: every agent's tasks wait in its own queue and reach it only over its own
 * connection (`task:assign`), as far as it has free slots; accepting is the claim.
 */

/** A refused task comes back this soon (the default is seconds). */
const ASSIGN_RETRY_DELAY_MS = 150;
const AT = '2025-03-01T08:00:00.000Z';

function task(agentId: string, nodeId: string, runId = 'run-d', kind: 'python' | 'set' = 'set'): NodeTask {
  return {
    runId,
    nodeId,
    nodeType: kind,
    agentId,
    attempt: 1,
    idempotencyKey: idempotencyKey(runId, nodeId),
    config: kind === 'python' ? { code: 'result = 1' } : { values: {} },
    timeoutMs: 1_000,
    inputs: {},
    upstream: {},
  };
}

interface TestAgent {
  readonly id: string;
  readonly socket: Socket;
  readonly assigned: NodeTask[];
  accept: boolean;
}

describe('task delivery', () => {
  let harness: AgentsHarness;
  const claims: TaskClaimRef[] = [];
  let claimAnswer: (ref: TaskClaimRef) => { ok: true } | { ok: false; reason: string } = () => ({ ok: true });

  beforeAll(async () => {
    harness = await startAgentsHarness({ RH_TASK_ASSIGN_RETRY_DELAY_MS: String(ASSIGN_RETRY_DELAY_MS) });
    harness.engine.claimer = async (ref) => {
      claims.push(ref);
      return claimAnswer(ref);
    };
    harness.engine.ownerCheck = async () => true;
    harness.engine.recorder = async () => undefined;
  });

  afterAll(async () => {
    await harness?.close();
  });

  async function agent(name: string, fields: Parameters<typeof registration>[1] = {}): Promise<TestAgent> {
    const enrolled = await harness.enroll(registration(name, fields));
    const agent: TestAgent = { id: enrolled.ack.agentId, socket: enrolled.socket, assigned: [], accept: true };
    enrolled.socket.on('task:assign', (delivered: NodeTask, ack: (answer: unknown) => void) => {
      agent.assigned.push(delivered);
      ack(agent.accept ? { ok: true } : { ok: false, error: { code: 'CONFLICT', message: 'busy' } });
    });
    return agent;
  }

  function result(of: NodeTask) {
    return { status: 'succeeded', runId: of.runId, nodeId: of.nodeId, agentId: of.agentId, attempt: of.attempt, startedAt: AT, finishedAt: AT, output: null };
  }

  it('hands a dispatched task to its agent only, claims it for that agent, and completes its job on the ack', async () => {
    // ARRANGE
    const worker = await agent('deliver-w1');
    const bystander = await agent('deliver-w2');
    const python = await agent('deliver-py', { kind: 'python', capabilities: ['python'] });
    const forWorker = task(worker.id, 'for_worker');
    const forPython = task(python.id, 'for_python', 'run-d', 'python');

    // ACT
    await harness.dispatcher.dispatch(forWorker);
    await harness.dispatcher.dispatch(forPython);

    // ASSERT
    await waitFor(() => worker.assigned.length === 1 && python.assigned.length === 1, 'both deliveries');
    expect(worker.assigned).toEqual([forWorker]);
    expect(python.assigned).toEqual([forPython]);
    expect(bystander.assigned).toEqual([]);
    await waitFor(async () => !(await harness.dispatcher.exists({ ...forWorker, agentId: worker.id })), 'the job to leave the queue');
    expect(claims).toEqual(
      expect.arrayContaining([
        { runId: 'run-d', nodeId: 'for_worker', attempt: 1, agentId: worker.id },
        { runId: 'run-d', nodeId: 'for_python', attempt: 1, agentId: python.id },
      ]),
    );
  });

  it('delivers a task the agent did not accept again after the retry delay', async () => {
    // ARRANGE
    const busy = await agent('deliver-busy');
    busy.accept = false;
    const refused = task(busy.id, 'refused_once');

    // ACT
    await harness.dispatcher.dispatch(refused);
    await waitFor(() => busy.assigned.length === 1, 'the first delivery');
    busy.accept = true;

    // ASSERT
    await waitFor(() => busy.assigned.length === 2, 'the second delivery', ASSIGN_RETRY_DELAY_MS + WAIT_TIMEOUT_MS);
    await waitFor(async () => !(await harness.dispatcher.exists({ ...refused, agentId: busy.id })), 'the job to leave the queue');
    expect(busy.assigned.map((delivered) => delivered.nodeId)).toEqual(['refused_once', 'refused_once']);
  });

  it('holds back what exceeds the agent\'s slots until a result frees one', async () => {
    // ARRANGE: two slots, three tasks
    const narrow = await agent('deliver-narrow', { concurrency: 2 });
    const tasks = ['first', 'second', 'third'].map((nodeId) => task(narrow.id, nodeId, 'run-slots'));

    // ACT
    for (const queued of tasks) await harness.dispatcher.dispatch(queued);
    await waitFor(() => narrow.assigned.length === 2, 'two deliveries');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const beforeResult = narrow.assigned.length;
    const ack = await narrow.socket.timeout(WAIT_TIMEOUT_MS).emitWithAck('task:result', result(narrow.assigned[0]!));

    // ASSERT
    expect(beforeResult).toBe(2);
    expect(ack).toEqual({ ok: true });
    await waitFor(() => narrow.assigned.length === 3, 'the third delivery once a slot is free');
  });

  it('tells the agent to stop a task whose claim is refused', async () => {
    // ARRANGE
    const late = await agent('deliver-late');
    claimAnswer = (ref) => (ref.nodeId === 'superseded' ? { ok: false, reason: 'node superseded attempt 1 was superseded by attempt 2' } : { ok: true });
    const cancelled = new Promise<TaskRef>((resolve) => late.socket.once('task:cancel', resolve));

    // ACT
    await harness.dispatcher.dispatch(task(late.id, 'superseded', 'run-late'));

    // ASSERT
    expect(await cancelled).toEqual({ runId: 'run-late', nodeId: 'superseded', attempt: 1 });
    claimAnswer = () => ({ ok: true });
  });

  it('asks the engine about the tasks a returning agent no longer holds before delivering to it', async () => {
    // ARRANGE
    const checks: Array<{ agentId: string; held: readonly TaskRef[] }> = [];
    harness.engine.heldTasksCheck = async (agentId, held) => {
      checks.push({ agentId, held });
    };
    const enrolled = await harness.enroll(registration('deliver-returning'));
    enrolled.socket.disconnect();
    const held = [{ runId: 'run-r', nodeId: 'still_running', attempt: 3 }];

    // ACT
    const back = await harness.connectSigned(enrolled.ack.agentId, enrolled.key);
    const ack = await back.timeout(WAIT_TIMEOUT_MS).emitWithAck('agent:register', registration('deliver-returning', { tasks: held }));

    // ASSERT
    expect(ack).toMatchObject({ ok: true, agentId: enrolled.ack.agentId });
    await waitFor(() => checks.some((check) => check.agentId === enrolled.ack.agentId && check.held.length === 1), 'the held-tasks check');
    expect(checks.filter((check) => check.agentId === enrolled.ack.agentId).at(-1)!.held).toEqual(held);
  });
});
