import { randomBytes } from 'node:crypto';
import { access, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { NODE_CATALOGUE } from '@runtime-hub/nodes';
import { LocalPolicySchema, type LocalPolicyFiles, type NodeTask } from '@runtime-hub/protocol';
import { WorkerConfigError } from './worker-config.error';
import { PROBE_NAME_RANDOM_BYTES } from './worker.defaults';

/**
 * The host's local policy: a JSON file owned by the host's administrator, e.g.
 * `{ "deny": ["shell:powershell", "process"], "files": { "allow": ["D:\\drop"] } }`, described by
 * libs/protocol's LocalPolicySchema (the Python agent reads the same file against its JSON
 * Schema). Denied capabilities are left out of what the worker registers, so the coordinator
 * never selects it for a node that needs one; a task that needs one arrives anyway (a
 * coordinator that ignores the declaration) and is refused with POLICY_DENIED, not retried.
 * `files.allow` confines file nodes to those roots (host-paths.ts). Nothing the coordinator
 * sends can change the policy.
 */

/** A parsed policy file, capability names as the rest of the worker holds them. */
export interface LocalPolicy {
  readonly deny: readonly string[];
  readonly files?: LocalPolicyFiles;
}

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
    const line = (path: readonly PropertyKey[], message: string) => `policy file ${file}: ${path.map(String).join('.') || '(file)'}: ${message}`;
    // An unknown field is named by its own path, as the Python agent names it.
    throw new WorkerConfigError(
      parsed.error.issues.flatMap((issue) =>
        issue.code === 'unrecognized_keys' ? issue.keys.map((key) => line([...issue.path, key], 'unknown field')) : [line(issue.path, issue.message)],
      ),
    );
  }
  return { ...parsed.data, deny: [...new Set(parsed.data.deny)] };
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

/**
 * What of the policy file this process could change: the file itself, or its folder (where a
 * new file could be renamed over it). Tasks run as the same account, so a task could lift the
 * policy; the install instructions (README, "Fleet enrollment") make both read-only to it.
 * Nothing when the file does not exist: there is no policy to lift.
 *
 * Probed by doing it, harmlessly: the file is opened for writing and closed unchanged, and a
 * probe file is created in the folder and removed. `fs.access(W_OK)` would be cheaper but on
 * Windows it reads only the read-only attribute, never the ACL that the install relies on.
 */
export async function writablePolicyPaths(policyFile: string): Promise<string[]> {
  const succeeds = (attempt: Promise<unknown>) =>
    attempt.then(
      () => true,
      () => false,
    );
  if (!(await succeeds(access(policyFile)))) return [];
  const folder = path.dirname(policyFile);
  const found: string[] = [];
  if (await succeeds(open(policyFile, 'r+').then((handle) => handle.close()))) found.push(policyFile);
  const probe = path.join(folder, `.rh-write-probe-${randomBytes(PROBE_NAME_RANDOM_BYTES).toString('hex')}`);
  if (await succeeds(open(probe, 'wx').then((handle) => handle.close()))) {
    found.push(folder);
    await rm(probe, { force: true });
  }
  return found;
}
