import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  CAPABILITY_DESKTOP,
  CAPABILITY_FILE,
  CAPABILITY_HTTP,
  CAPABILITY_PROCESS,
  CAPABILITY_TCP,
  shellCapability,
  type ShellKind,
} from '@runtime-hub/nodes';
import { TASK_BUNDLES_CAPABILITY } from '@runtime-hub/protocol';

/**
 * What this host offers, declared at registration; the coordinator sends a node only to an
 * agent holding every capability the node requires. Processes, files, HTTP and TCP are
 * always there. Each shell is declared only when its program is found, so a PowerShell node
 * never lands on a host without PowerShell. `desktop` (synthesized keyboard input into the
 * interactive session) is declared only when the operator asks for it: a service account
 * usually has no desktop, and typing into one is not something to assume.
 */

export type HostOs = 'windows' | 'linux' | 'darwin';

/** The program each shell kind runs, and the systems it is looked for on. */
const SHELL_PROGRAMS: ReadonlyArray<{ readonly shell: ShellKind; readonly program: string; readonly on: readonly HostOs[] }> = [
  // POSIX fixes sh at /bin/sh, and the executor starts it there.
  { shell: 'sh', program: '/bin/sh', on: ['linux', 'darwin'] },
  { shell: 'bash', program: 'bash', on: ['linux', 'darwin'] },
  { shell: 'cmd', program: 'cmd', on: ['windows'] },
  { shell: 'powershell', program: 'powershell', on: ['windows'] },
  // PowerShell 7 runs everywhere; declared wherever `pwsh` is on PATH.
  { shell: 'pwsh', program: 'pwsh', on: ['windows', 'linux', 'darwin'] },
];

export interface CapabilityProbe {
  readonly os: HostOs;
  readonly desktop: boolean;
  /** Whether a program (a bare name searched on PATH, or an absolute path) can be run. */
  findProgram(program: string): Promise<boolean>;
}

export async function detectCapabilities(probe: CapabilityProbe): Promise<string[]> {
  const capabilities = [CAPABILITY_PROCESS, CAPABILITY_FILE, CAPABILITY_HTTP, CAPABILITY_TCP];
  for (const { shell, program, on } of SHELL_PROGRAMS) {
    if (on.includes(probe.os) && (await probe.findProgram(program))) capabilities.push(shellCapability(shell));
  }
  if (probe.desktop) capabilities.push(CAPABILITY_DESKTOP);
  return capabilities;
}

/**
 * What this worker's task runner does beyond running one node, declared with what the host
 * offers: it runs a task's bundle (task-bundle.ts). Registered after the local policy has
 * filtered the host's capabilities, so no policy takes it away: a policy says what a host
 * may do (it accepts node capabilities only), and a bundle lets a task do nothing more, since
 * each of its steps is checked against the policy as a task of its own would be.
 */
export const WORKER_FEATURES: readonly string[] = [TASK_BUNDLES_CAPABILITY];

export interface ProgramSearch {
  readonly os: HostOs;
  readonly searchPath: readonly string[];
  /** Windows only: extensions tried after a bare name (`.EXE`, `.CMD`, ...). */
  readonly executableExtensions: readonly string[];
}

/** Whether `file` is a regular file this process may execute (Windows has no execute bit). */
async function isExecutableFile(file: string, os: HostOs): Promise<boolean> {
  try {
    if (!(await stat(file)).isFile()) return false;
    if (os !== 'windows') await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Looks a program up as the shell would: an absolute path as is, a bare name on PATH. */
export function programFinder(search: ProgramSearch): (program: string) => Promise<boolean> {
  return async (program) => {
    const names =
      search.os === 'windows' && path.win32.extname(program) === ''
        ? search.executableExtensions.map((extension) => `${program}${extension.toLowerCase()}`)
        : [program];
    if (path.isAbsolute(program)) {
      for (const name of names) if (await isExecutableFile(name, search.os)) return true;
      return false;
    }
    for (const directory of search.searchPath) {
      for (const name of names) {
        if (await isExecutableFile(path.join(directory, name), search.os)) return true;
      }
    }
    return false;
  };
}
