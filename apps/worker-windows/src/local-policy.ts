import { readFile } from 'node:fs/promises';
import { ALL_CAPABILITIES, NODE_CATALOGUE } from '@runtime-hub/nodes';
import type { NodeTask } from '@runtime-hub/protocol';
import { z } from 'zod';
import { WorkerConfigError } from './worker-config.error';

/**
 * The host's local policy: a JSON file owned by the host's administrator, e.g.
 * `{ "deny": ["shell:powershell", "process"] }`. Denied capabilities are left out of what the
 * worker registers, so the coordinator never selects it for a node that needs one; a task
 * that needs one arrives anyway (a coordinator that ignores the declaration) and is refused
 * with POLICY_DENIED, not retried. Nothing the coordinator sends can change the policy.
 */

export const LocalPolicySchema = z.strictObject({
  /** Capabilities this host never offers, whatever it could run. */
  deny: z
    .array(z.string().refine((name) => ALL_CAPABILITIES.includes(name), { error: `expected a known capability (${ALL_CAPABILITIES.join(', ')})` }))
    .default([]),
});
export type LocalPolicy = z.infer<typeof LocalPolicySchema>;

export const NO_POLICY: LocalPolicy = { deny: [] };

/** Parses a policy file's text; a bad one throws naming the file and the field at fault. */
export function parseLocalPolicy(text: string, file: string): LocalPolicy {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new WorkerConfigError([`policy file ${file}: not valid JSON (${(error as Error).message})`], { cause: error });
  }
  const parsed = LocalPolicySchema.safeParse(json);
  if (!parsed.success) {
    throw new WorkerConfigError(parsed.error.issues.map((issue) => `policy file ${file}: ${issue.path.join('.') || '(file)'}: ${issue.message}`));
  }
  return { deny: [...new Set(parsed.data.deny)] };
}

/**
 * The policy in `file`. A missing file is no policy when it is the default path, and an
 * error when the operator named it (`--policy`, RH_POLICY_FILE): a typo must not silently
 * lift every restriction.
 */
export async function loadLocalPolicy(file: string, named: boolean): Promise<LocalPolicy> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && !named) return NO_POLICY;
    throw new WorkerConfigError([`policy file ${file}: cannot be read (${(error as Error).message})`], { cause: error });
  }
  return parseLocalPolicy(text, file);
}

/** What the worker registers: what it can run, minus what the policy denies. */
export function allowedCapabilities(capabilities: readonly string[], policy: LocalPolicy): string[] {
  return capabilities.filter((capability) => !policy.deny.includes(capability));
}

/**
 * The capabilities this task needs that the policy denies (empty: it may run). A node type or
 * config this worker cannot read needs nothing here: the executor reports that problem itself.
 */
export function deniedCapabilitiesOf(task: Pick<NodeTask, 'nodeType' | 'config'>, policy: LocalPolicy): string[] {
  if (policy.deny.length === 0) return [];
  const definition = NODE_CATALOGUE.get(task.nodeType);
  if (!definition) return [];
  const config = definition.configSchema.safeParse(task.config);
  if (!config.success) return [];
  return definition.requiredCapabilities(config.data).filter((capability) => policy.deny.includes(capability));
}
