import type { NodeTask, RunError } from '@runtime-hub/protocol';
import { runError } from '../runs/core/run-errors';
import { fillSecretPlaceholders } from './secret-placeholders';
import type { SecretsService } from './secrets.service';

export type TaskWithSecrets = { readonly ok: true; readonly task: NodeTask } | { readonly ok: false; readonly error: RunError };

/**
 * The task as it goes over its agent's connection: the placeholders of `secretRefs` filled
 * with the values, `masks` set to them (the agent masks them in what it sends back) and
 * `secretRefs` dropped. A secret the agent may not have (labels), gone, or unreadable:
 * SECRET_UNAVAILABLE naming it, and nothing is sent. A task without secrets goes as it is.
 */
export async function withSecrets(task: NodeTask, agentLabels: readonly string[], store: Pick<SecretsService, 'forAgent'>): Promise<TaskWithSecrets> {
  const { secretRefs, ...rest } = task;
  if (!secretRefs) return { ok: true, task };
  const found = await store.forAgent(secretRefs.names, agentLabels);
  if (!found.ok) return { ok: false, error: runError('SECRET_UNAVAILABLE', `${found.message}: the task was not sent to agent "${task.agentId}"`, { nodeId: task.nodeId }) };
  return {
    ok: true,
    task: { ...rest, config: fillSecretPlaceholders(rest.config, secretRefs.nonce, found.values), masks: [...found.values.values()] },
  };
}
