import { buildNodeTask } from '../runs/core/node-task.builder';
import { newPlaceholderNonce, protectSecretReferences } from './secret-placeholders';
import type { SecretsForAgent } from './secrets.service';
import { withSecrets } from './task-secrets';

function taskWith(config: Record<string, unknown>) {
  const nonce = newPlaceholderNonce();
  const { value, names } = protectSecretReferences(config, nonce);
  const task = buildNodeTask({ runId: 'r1', nodeId: 'call', nodeType: 'shell', agentId: 'a1', attempt: 1, config: value, timeoutMs: 1_000, inputs: {}, upstream: {}, fanOut: false, priority: 50 });
  return { ...task, secretRefs: { nonce, names } };
}

describe('withSecrets (the delivery fills the placeholders)', () => {
  it('fills the values, sets masks and drops the references', async () => {
    // ARRANGE
    const store = { forAgent: jest.fn(async (): Promise<SecretsForAgent> => ({ ok: true, values: new Map([['PW', 'hunter2']]) })) };
    // ACT
    const outcome = await withSecrets(taskWith({ script: 'echo {{ secrets.PW }}' }), ['linux'], store);
    // ASSERT
    expect(outcome).toEqual({ ok: true, task: expect.objectContaining({ config: { script: 'echo hunter2' }, masks: ['hunter2'] }) });
    expect(outcome.ok && 'secretRefs' in outcome.task).toBe(false);
    expect(store.forAgent).toHaveBeenCalledWith(['PW'], ['linux']);
  });

  it('refuses the task with SECRET_UNAVAILABLE naming the secret, never its value', async () => {
    const store = { forAgent: async (): Promise<SecretsForAgent> => ({ ok: false, message: 'secret "PW" is limited to agents labelled [vault]; this agent lacks [vault]' }) };
    const outcome = await withSecrets(taskWith({ script: 'echo {{ secrets.PW }}' }), [], store);
    expect(outcome).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'SECRET_UNAVAILABLE', retryable: false, nodeId: 'call', message: 'secret "PW" is limited to agents labelled [vault]; this agent lacks [vault]: the task was not sent to agent "a1"' }),
    });
  });

  it('leaves a task without secrets alone', async () => {
    const store = { forAgent: jest.fn() };
    const task = buildNodeTask({ runId: 'r1', nodeId: 'n', nodeType: 'shell', agentId: 'a1', attempt: 1, config: { script: 'x' }, timeoutMs: 1, inputs: {}, upstream: {}, fanOut: false, priority: 50 });
    expect(await withSecrets(task, [], store)).toEqual({ ok: true, task });
    expect(store.forAgent).not.toHaveBeenCalled();
  });
});
