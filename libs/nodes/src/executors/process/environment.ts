import type { PlatformOs } from '../../platform/invocation';

/**
 * The environment of a child process: the agent's, with the node's variables over it.
 * Windows names are case-insensitive (`Path` and `PATH` are one variable); handing a child
 * both spellings makes which one wins depend on sort order, so on Windows an override
 * replaces every spelling of its name.
 */
export function mergeEnvironment(
  base: Readonly<Record<string, string | undefined>>,
  overrides: Readonly<Record<string, string>> | undefined,
  os: PlatformOs,
): Record<string, string> {
  const merged: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) if (value !== undefined) merged[name] = value;
  if (overrides === undefined) return merged;
  if (os === 'windows') {
    const overridden = new Set(Object.keys(overrides).map((name) => name.toUpperCase()));
    for (const name of Object.keys(merged)) if (overridden.has(name.toUpperCase())) delete merged[name];
  }
  return Object.assign(merged, overrides);
}
