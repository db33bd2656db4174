import {
  CAPABILITY_SHELL_BASH,
  CAPABILITY_SHELL_CMD,
  CAPABILITY_SHELL_POWERSHELL,
  CAPABILITY_SHELL_PWSH,
  CAPABILITY_SHELL_SH,
  KNOWN_CAPABILITIES,
} from '@runtime-hub/protocol';

/**
 * Capability names an agent declares (and its host policy permits) and a node requires.
 * The dispatcher gives a node only to an online agent that holds every capability the
 * node's `requiredCapabilities(config)` returns; nodes that return none go to any worker agent.
 * The names themselves are the protocol's (libs/protocol capabilities.ts).
 */

/** The shells the `shell` node runs scripts with; each one is its own capability. */
export const SHELL_KINDS = ['powershell', 'pwsh', 'cmd', 'sh', 'bash'] as const;
export type ShellKind = (typeof SHELL_KINDS)[number];

export {
  CAPABILITY_DESKTOP,
  CAPABILITY_FILE,
  CAPABILITY_HTTP,
  CAPABILITY_PROCESS,
  CAPABILITY_PYTHON,
  CAPABILITY_SHELL_BASH,
  CAPABILITY_SHELL_CMD,
  CAPABILITY_SHELL_POWERSHELL,
  CAPABILITY_SHELL_PWSH,
  CAPABILITY_SHELL_SH,
  CAPABILITY_TCP,
} from '@runtime-hub/protocol';

/** The capability each shell kind needs, so a host can allow PowerShell and refuse cmd. */
export const SHELL_CAPABILITIES: Readonly<Record<ShellKind, string>> = {
  powershell: CAPABILITY_SHELL_POWERSHELL,
  pwsh: CAPABILITY_SHELL_PWSH,
  cmd: CAPABILITY_SHELL_CMD,
  sh: CAPABILITY_SHELL_SH,
  bash: CAPABILITY_SHELL_BASH,
};

/** Every capability a node of the v1 catalogue can require (the protocol's list). */
export const ALL_CAPABILITIES: readonly string[] = KNOWN_CAPABILITIES;

export function shellCapability(shell: ShellKind): string {
  return SHELL_CAPABILITIES[shell];
}
