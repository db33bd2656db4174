/**
 * Capability names: what an agent declares it can run (`AgentRegistration.capabilities`), what
 * a node requires, and what a host's local policy may deny. They are part of the protocol, so
 * that every agent (the Python one reads the generated JSON Schema) accepts the same policy
 * file. libs/nodes says which node needs which.
 */

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

/** Every capability a node of the v1 catalogue can require. */
export const KNOWN_CAPABILITIES = [
  CAPABILITY_SHELL_POWERSHELL,
  CAPABILITY_SHELL_PWSH,
  CAPABILITY_SHELL_CMD,
  CAPABILITY_SHELL_SH,
  CAPABILITY_SHELL_BASH,
  CAPABILITY_PROCESS,
  CAPABILITY_FILE,
  CAPABILITY_HTTP,
  CAPABILITY_TCP,
  CAPABILITY_DESKTOP,
  CAPABILITY_PYTHON,
] as const;
export type KnownCapability = (typeof KNOWN_CAPABILITIES)[number];
