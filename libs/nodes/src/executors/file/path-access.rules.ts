import type { PathStyle } from '../../platform/path-style';

/**
 * Which paths a file node may use on this host, decided purely (path-access.guard.ts resolves
 * the real paths and throws). A path is known by its forms: the canonical path as written and
 * the real path (links, junctions and short names resolved); a rule holds when it holds for
 * every form, so neither a link into a protected place nor a link out of an allowed root gets
 * through.
 *
 * 1. The host's policy file: refused, itself and (were it a directory) anything under it.
 * 2. The agent's data directory (credential and key, alive file, the default policy file):
 *    refused with everything under it, except the task's own workspace.
 * 3. `tree` reach (copy, move, delete: everything under the path is read or changed): refused
 *    when the policy file or the data directory lies under the path.
 * 4. With allowed roots (the policy's `files.allow`): refused unless under one of them.
 */

/** Why a path is refused: the name of the rule, as PATH_DENIED's `details.rule` says it. */
export type PathRule = 'policy-file' | 'agent-data-dir' | 'outside-allowed-roots';

/** The operation reaches the path alone (read, write, list, exists) or all it holds. */
export type PathReach = 'entry' | 'tree';

/** A path as the message shows it, and every form it is compared in (canonical, real). */
export interface PathForms {
  readonly shown: string;
  readonly forms: readonly string[];
}

export interface PathAccessRules {
  readonly policyFile?: PathForms;
  readonly dataDir?: PathForms;
  /** The task's own workspace, inside the data directory and open to its nodes. */
  readonly workspace?: PathForms;
  /** Set: nothing outside these roots. */
  readonly allowRoots?: readonly PathForms[];
}

export interface PathDenial {
  readonly rule: PathRule;
  readonly message: string;
  /** The protected path or the allowed roots the rule is about. */
  readonly ruleDetails: Readonly<Record<string, string | readonly string[]>>;
}

export function decidePathAccess(target: PathForms, reach: PathReach, rules: PathAccessRules, style: PathStyle): PathDenial | undefined {
  const within = (inner: PathForms, outer: PathForms) => inner.forms.some((form) => outer.forms.some((base) => style.isWithin(form, base)));
  const eachFormWithin = (outer: PathForms) => (form: string) => outer.forms.some((base) => style.isWithin(form, base));

  // 1.
  const { policyFile, dataDir, workspace, allowRoots } = rules;
  if (policyFile !== undefined && within(target, policyFile)) {
    return denial('policy-file', `${target.shown} is this host's policy file, which nodes may not touch`, { policyFile: policyFile.shown });
  }
  // 2. Each form on its own: a link in the workspace that leads into the data directory is refused.
  if (dataDir !== undefined) {
    const inWorkspace = workspace === undefined ? () => false : eachFormWithin(workspace);
    if (target.forms.some((form) => eachFormWithin(dataDir)(form) && !inWorkspace(form))) {
      return denial('agent-data-dir', `${target.shown} is inside the agent's data directory ${dataDir.shown}, which nodes may not touch`, { dataDir: dataDir.shown });
    }
  }
  // 3.
  if (reach === 'tree') {
    if (policyFile !== undefined && within(policyFile, target)) {
      return denial('policy-file', `${target.shown} holds this host's policy file ${policyFile.shown}, which nodes may not touch`, { policyFile: policyFile.shown });
    }
    if (dataDir !== undefined && within(dataDir, target)) {
      return denial('agent-data-dir', `${target.shown} holds the agent's data directory ${dataDir.shown}, which nodes may not touch`, { dataDir: dataDir.shown });
    }
  }
  // 4.
  if (allowRoots !== undefined && !target.forms.every((form) => allowRoots.some((root) => eachFormWithin(root)(form)))) {
    const roots = allowRoots.map((root) => root.shown);
    const listed = roots.length === 0 ? 'none' : roots.join(', ');
    return denial('outside-allowed-roots', `${target.shown} is outside the roots this host's policy allows file nodes (${listed})`, { allowRoots: roots });
  }
  return undefined;
}

function denial(rule: PathRule, reason: string, ruleDetails: PathDenial['ruleDetails']): PathDenial {
  return { rule, message: `${reason} (rule ${rule})`, ruleDetails };
}
