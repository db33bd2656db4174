import type { NodeDefinition } from '@runtime-hub/protocol';
import type { z } from 'zod';
import { NonRetryableError } from '../errors/non-retryable.error';

/** `config.args[0].name`: the path of a config issue as people write it. */
export function formatConfigPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : `${text}.${String(key)}`), 'config');
}

/**
 * Parses the resolved config with the node type's schema (filling its defaults). A mismatch
 * is `CONFIG_INVALID`, naming every field that is wrong: `config.shell: Invalid option...`.
 */
export function parseNodeConfig<C>(definition: NodeDefinition<C>, config: unknown): C {
  const result = definition.configSchema.safeParse(config);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue: z.core.$ZodIssue) => ({ path: formatConfigPath(issue.path), message: issue.message }));
  throw new NonRetryableError('CONFIG_INVALID', `invalid ${definition.type} config: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`, {
    details: { nodeType: definition.type, issues },
  });
}
