import type { Invocation, PlatformOs } from './invocation';

/**
 * How a process tree is ended, as data (the side effects are in node-platform.ts).
 *
 * Windows: `taskkill /PID <pid> /T /F` walks the parent links itself and ends every
 * descendant at once.
 *
 * POSIX: the agent starts every task process with `detached: true`, which makes it the
 * leader of a new process group; its children and grandchildren inherit that group unless
 * they leave it on purpose (`setsid`). The plan signals the whole group (`kill(-pid)`), first
 * SIGTERM, then SIGKILL to whatever survives the grace period. The platform adds the pid's
 * descendants found in the process list, which catches those that did leave the group.
 */
export type KillTreePlan = { readonly kind: 'command'; readonly invocation: Invocation } | PosixKillPlan;

/** SIGTERM lets a process clean up; SIGKILL, after the grace period, cannot be ignored. */
export interface PosixKillPlan {
  readonly kind: 'process-group';
  readonly processGroupId: number;
  readonly firstSignal: 'SIGTERM';
  readonly finalSignal: 'SIGKILL';
  readonly graceMs: number;
}

export function killTreeInvocation(pid: number, os: PlatformOs, graceMs: number): KillTreePlan {
  assertKillablePid(pid);
  if (os === 'windows') {
    return { kind: 'command', invocation: windowsKillInvocation(pid, { tree: true }) };
  }
  return { kind: 'process-group', processGroupId: pid, firstSignal: 'SIGTERM', finalSignal: 'SIGKILL', graceMs };
}

/** `taskkill /PID <pid> [/T] /F`: one process, or its tree with `/T`. */
export function windowsKillInvocation(pid: number, options: { readonly tree: boolean }): Invocation {
  assertKillablePid(pid);
  return { file: 'taskkill', args: ['/PID', String(pid), ...(options.tree ? ['/T'] : []), '/F'] };
}

/**
 * `taskkill /IM <image> [/T] /F`. The image must be an exact name: taskkill would take `*`
 * as a wildcard, and `/IM *` ends every process the agent may end.
 */
export function processKillByImageInvocation(image: string, options: { readonly tree: boolean; readonly exceptPid?: number }): Invocation {
  assertExactImageName(image);
  // `/FI "PID ne <agent>"` keeps taskkill off the agent itself when it shares the image (node.exe).
  const except = options.exceptPid === undefined ? [] : ['/FI', `PID ne ${options.exceptPid}`];
  return { file: 'taskkill', args: ['/IM', image, ...except, ...(options.tree ? ['/T'] : []), '/F'] };
}

/**
 * Pids 0 and below are not processes to `kill`: 0 is the caller's own group and -1 every
 * process the caller may signal, and a negative pid is a whole group. Refusing them here
 * makes those meanings unreachable from a node config.
 */
export function assertKillablePid(pid: number): void {
  if (!Number.isSafeInteger(pid) || pid <= 0) {
    throw new RangeError(`not a process id: ${pid}`);
  }
}

const IMAGE_NAME_WILDCARDS_OR_SEPARATORS = /[*?\\/]/;

export function assertExactImageName(image: string): void {
  if (image.trim() === '' || IMAGE_NAME_WILDCARDS_OR_SEPARATORS.test(image)) {
    throw new RangeError(`an image name is an exact file name like notepad.exe, without wildcards or directories: "${image}"`);
  }
}
