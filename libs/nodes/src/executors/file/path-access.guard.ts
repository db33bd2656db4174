import { realpath } from 'node:fs/promises';
import { PathDeniedError } from '../../errors/path-denied.error';
import { systemErrorCode } from '../../errors/error-shape';
import type { PathStyle } from '../../platform/path-style';
import { absolutePath } from './file-paths';
import { decidePathAccess, type PathAccessRules, type PathForms, type PathReach } from './path-access.rules';

/** What a host keeps from file nodes, as absolute paths (RunTaskOptions.hostPaths). */
export interface HostPathRules {
  /** The agent's data directory: credential and key, alive file, default policy file, workspaces. */
  readonly dataDir?: string;
  /** The host's local policy file, wherever it lives. */
  readonly policyFile?: string;
  /** Set: file nodes may touch only paths under these roots (the policy's `files.allow`). */
  readonly allowRoots?: readonly string[];
}

/**
 * What file executors ask before they touch a path (ExecutionContext.paths). Every path is
 * checked in two forms, as written (made absolute, `..` resolved the way the executor will
 * resolve it) and real (symbolic links, junctions and Windows short names resolved by the
 * file system), against path-access.rules.ts.
 *
 * A check and the operation that follows are two steps: a process that swaps a link between
 * them (a shell node running at the same time) can win that race. Shell and process nodes can
 * read the same files directly anyway; the guard is what keeps a workflow of file nodes, on a
 * host that denies shells and processes, off the agent's own files.
 */
export interface PathGuard {
  /**
   * `path` made absolute, as the executor must use it, once the host's rules let a node use
   * it; otherwise a PathDeniedError (PATH_DENIED, not retryable) naming the path and the rule.
   * `tree`: the operation reaches everything under the path (copy, move, delete).
   */
  check(path: string, reach: PathReach): Promise<string>;
  /** Whether a directory met while walking a tree may be entered (false: skip it). */
  mayEnter(directory: string): Promise<boolean>;
}

/** The guard of one task: the host's rules, with the task's own workspace open inside the data directory. */
export function createPathGuard(host: HostPathRules, workspaceDir: string | undefined, style: PathStyle): PathGuard {
  let resolved: Promise<PathAccessRules> | undefined;
  const rules = () => (resolved ??= resolveRules(host, workspaceDir, style));
  const decide = async (absolute: string, reach: PathReach) => decidePathAccess(await formsOf(absolute, style), reach, await rules(), style);
  return {
    async check(path, reach) {
      const absolute = absolutePath(path);
      const denial = await decide(absolute, reach);
      if (denial !== undefined) throw new PathDeniedError(absolute, denial.rule, denial.message, denial.ruleDetails);
      return absolute;
    },
    async mayEnter(directory) {
      return (await decide(directory, 'entry')) === undefined;
    },
  };
}

async function resolveRules(host: HostPathRules, workspaceDir: string | undefined, style: PathStyle): Promise<PathAccessRules> {
  const optional = async (path: string | undefined) => (path === undefined ? undefined : formsOf(path, style));
  const [policyFile, dataDir, workspace, allowRoots] = await Promise.all([
    optional(host.policyFile),
    optional(host.dataDir),
    optional(workspaceDir),
    host.allowRoots === undefined ? undefined : Promise.all(host.allowRoots.map((root) => formsOf(root, style))),
  ]);
  return {
    ...(policyFile === undefined ? {} : { policyFile }),
    ...(dataDir === undefined ? {} : { dataDir }),
    ...(workspace === undefined ? {} : { workspace }),
    ...(allowRoots === undefined ? {} : { allowRoots }),
  };
}

async function formsOf(absolute: string, style: PathStyle): Promise<PathForms> {
  const written = style.canonical(absolute);
  const real = style.canonical(await realPath(absolute, style));
  return { shown: absolute, forms: real === written ? [written] : [written, real] };
}

/**
 * The real path of `path`; for a path that does not exist (yet), the real path of its
 * deepest existing ancestor with the rest appended. An error other than "not there" (a
 * directory it may not read) leaves the path as written: the operation meets the same error.
 */
async function realPath(path: string, style: PathStyle): Promise<string> {
  const missing: string[] = [];
  for (let current = path; ; ) {
    try {
      return style.join(await realpath(current), ...missing);
    } catch (error) {
      const code = systemErrorCode(error);
      const parent = style.dirname(current);
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || parent === current) return path;
      missing.unshift(style.basename(current));
      current = parent;
    }
  }
}
