/**
 * Capability names an agent declares (and its host policy permits) and a node requires.
 * The dispatcher gives a node only to an online agent that holds every capability the
 * node's `requiredCapabilities(config)` returns; nodes that return none go to any worker agent.
 */

/** The shells the `shell` node runs scripts with; each one is its own capability. */
export const SHELL_KINDS = ['powershell', 'pwsh', 'cmd', 'sh', 'bash'] as const;
export type ShellKind = (typeof SHELL_KINDS)[number];

/** Windows PowerShell 5.1 (`powershell.exe`). */
export const CAPABILITY_SHELL_POWERSHELL = 'shell:powershell';
/** PowerShell 7+ (`pwsh`), on Windows or elsewhere. */
export const CAPABILITY_SHELL_PWSH = 'shell:pwsh';
/** `cmd.exe`. */
export const CAPABILITY_SHELL_CMD = 'shell:cmd';
/** POSIX `sh`. */
export const CAPABILITY_SHELL_SH = 'shell:sh';
/** `bash`. */
export const CAPABILITY_SHELL_BASH = 'shell:bash';
/** Start, list and kill processes (`process.*`). */
export const CAPABILITY_PROCESS = 'process';
/** Read and change the host's file system (`file.*`). */
export const CAPABILITY_FILE = 'file';
/** Make outbound HTTP requests (`http.request`). */
export const CAPABILITY_HTTP = 'http';
/** Open outbound TCP connections (`tcp.check`). */
export const CAPABILITY_TCP = 'tcp';
/** Drive an interactive desktop session: synthesized keyboard input (`keyboard.*`). */
export const CAPABILITY_DESKTOP = 'desktop';
/** Run Python code; declared by Python agents (`python`). */
export const CAPABILITY_PYTHON = 'python';

/** The capability each shell kind needs, so a host can allow PowerShell and refuse cmd. */
export const SHELL_CAPABILITIES: Readonly<Record<ShellKind, string>> = {
  powershell: CAPABILITY_SHELL_POWERSHELL,
  pwsh: CAPABILITY_SHELL_PWSH,
  cmd: CAPABILITY_SHELL_CMD,
  sh: CAPABILITY_SHELL_SH,
  bash: CAPABILITY_SHELL_BASH,
};

/** Every capability a node of the v1 catalogue can require. */
export const ALL_CAPABILITIES: readonly string[] = [
  ...Object.values(SHELL_CAPABILITIES),
  CAPABILITY_PROCESS,
  CAPABILITY_FILE,
  CAPABILITY_HTTP,
  CAPABILITY_TCP,
  CAPABILITY_DESKTOP,
  CAPABILITY_PYTHON,
];

export function shellCapability(shell: ShellKind): string {
  return SHELL_CAPABILITIES[shell];
}
