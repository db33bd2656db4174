/**
 * Secrets on the delivery path, with fake agents that do not mask anything: the value reaches
 * the agent only inside `task:assign` (placeholders filled, `masks` set, `secretRefs` gone), the
 * coordinator masks the log lines and the result the agent sends back before they are stored,
 * and an agent without the secret's labels is never sent the task (its node fails
 * SECRET_UNAVAILABLE).
 */
import { eq } from 'drizzle-orm';
import { runLogs } from '@runtime-hub/db';
import { idempotencyKey, type NodeResult, type NodeTask } from '@runtime-hub/protocol';
import { newPlaceholderNonce, protectSecretReferences } from '../../apps/coordinator/src/secrets/secret-placeholders';
import { SecretsService } from '../../apps/coordinator/src/secrets/secrets.service';
import { registration, startAgentsHarness, waitFor, type AgentsHarness } from './agents.harness';

const SECRET = `careless-${Math.random().toString(36).slice(2)}`;
const KEY = Buffer.alloc(32, 3).toString('base64');
const AT = '2025-03-01T08:00:00.000Z';

/** A task as the preparer queues it: the secret template replaced by its placeholder. */
function taskWithSecret(agentId: string, runId: string): NodeTask {
  const nonce = newPlaceholderNonce();
  const { value, names } = protectSecretReferences({ shell: 'sh', script: 'echo {{ secrets.VAULT_PW }}' }, nonce);
  return { runId, nodeId: 'use', nodeType: 'shell', agentId, attempt: 1, idempotencyKey: idempotencyKey(runId, 'use'), config: value, timeoutMs: 1_000, inputs: {}, upstream: {}, secretRefs: { nonce, names } };
}

describe('secrets on the delivery path', () => {
  let harness: AgentsHarness;
  const results: NodeResult[] = [];

  beforeAll(async () => {
    harness = await startAgentsHarness({ RH_SECRETS_KEY: KEY, RH_LOG_BATCH_FLUSH_MS: '20' });
    harness.engine.claimer = async () => ({ ok: true });
    harness.engine.ownerCheck = async () => true;
    harness.engine.recorder = async (result) => {
      results.push(result);
    };
    await harness.app.get(SecretsService).put('VAULT_PW', { value: SECRET, labels: ['vault'] }, undefined);
  });

  afterAll(async () => {
    await harness?.close();
  });

  /** A fake agent that echoes the secret in a log line and its output, unmasked. */
  async function carelessAgent(name: string, labels: string[]) {
    const enrolled = await harness.enroll(registration(name, { labels }));
    const assigned: NodeTask[] = [];
    enrolled.socket.on('task:assign', (task: NodeTask, ack: (answer: unknown) => void) => {
      assigned.push(task);
      ack({ ok: true });
      const script = String(task.config['script']);
      enrolled.socket.emit('agent:log', { runId: task.runId, nodeId: task.nodeId, attempt: task.attempt, stream: 'stdout', line: `ran: ${script}`, at: AT });
      enrolled.socket.emit('task:result', { status: 'succeeded', runId: task.runId, nodeId: task.nodeId, agentId: task.agentId, attempt: task.attempt, startedAt: AT, finishedAt: AT, output: { stdout: script, [script]: 1 } }, () => undefined);
    });
    return { id: enrolled.ack.agentId, assigned };
  }

  it('sends the value inside task:assign only, and masks what the agent sends back before it is stored', async () => {
    // ARRANGE
    const agent = await carelessAgent('careless-vault', ['vault']);
    await harness.insertRun('run-secret');
    // ACT
    await harness.dispatcher.dispatch(taskWithSecret(agent.id, 'run-secret'));
    const [result] = await waitFor(() => (results.some((r) => r.runId === 'run-secret') ? results.filter((r) => r.runId === 'run-secret') : undefined), 'the result');
    const lines = await waitFor(async () => {
      const stored = await harness.db.select().from(runLogs).where(eq(runLogs.runId, 'run-secret'));
      return stored.length > 0 ? stored : undefined;
    }, 'the stored log line');
    // ASSERT: the agent got the value and the list to mask
    const [delivered] = agent.assigned;
    expect(delivered?.config).toEqual({ shell: 'sh', script: `echo ${SECRET}` });
    expect(delivered?.masks).toEqual([SECRET]);
    expect(delivered).not.toHaveProperty('secretRefs');
    // ...and what it sent back unmasked is stored masked
    expect(result).toMatchObject({ status: 'succeeded', output: { stdout: 'echo ***', 'echo ***': 1 } });
    expect(lines.map((line) => line.line)).toEqual(['ran: echo ***']);
  });

  it('never sends a label-limited secret to an agent without the labels: the node fails SECRET_UNAVAILABLE', async () => {
    // ARRANGE
    const agent = await carelessAgent('careless-plain', []);
    // ACT
    await harness.dispatcher.dispatch(taskWithSecret(agent.id, 'run-refused'));
    const [result] = await waitFor(() => (results.some((r) => r.runId === 'run-refused') ? results.filter((r) => r.runId === 'run-refused') : undefined), 'the failure');
    // ASSERT
    expect(agent.assigned).toEqual([]);
    expect(result).toMatchObject({
      status: 'failed',
      agentId: agent.id,
      error: { code: 'SECRET_UNAVAILABLE', retryable: false, message: expect.stringContaining('secret "VAULT_PW" is limited to agents labelled [vault]; this agent lacks [vault]') },
    });
    expect(await waitFor(async () => !(await harness.dispatcher.exists({ runId: 'run-refused', nodeId: 'use', agentId: agent.id, attempt: 1 })), 'the job to leave the queue')).toBe(true);
  });
});
