import type { ProcessInfo } from './process-list.parse';

/**
 * Every descendant of `rootPid` in a process list (children, grandchildren...), found through
 * `parentPid`. Deepest first, so that signalling in this order reaches a child before the
 * parent that might respawn it. Pid reuse cannot loop: each pid is visited once.
 */
export function descendantsOf(rootPid: number, processes: readonly ProcessInfo[]): number[] {
  const children = new Map<number, number[]>();
  for (const process of processes) {
    if (process.parentPid === undefined || process.parentPid === process.pid) continue;
    const siblings = children.get(process.parentPid) ?? [];
    siblings.push(process.pid);
    children.set(process.parentPid, siblings);
  }
  const found: number[] = [];
  const visited = new Set<number>([rootPid]);
  const stack = [rootPid];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    for (const child of children.get(pid) ?? []) {
      if (visited.has(child)) continue;
      visited.add(child);
      found.push(child);
      stack.push(child);
    }
  }
  return found.reverse();
}

/** `rootPid` and every process it descends from, nearest first, as far as the list knows. */
export function ancestorsOf(rootPid: number, processes: readonly ProcessInfo[]): number[] {
  const parents = new Map(processes.map((process) => [process.pid, process.parentPid]));
  const found: number[] = [];
  const visited = new Set<number>();
  let pid: number | undefined = rootPid;
  while (pid !== undefined && !visited.has(pid)) {
    visited.add(pid);
    found.push(pid);
    pid = parents.get(pid);
  }
  return found;
}

/**
 * Linux keeps only the first 15 bytes of a process name (TASK_COMM_LEN is 16 with the NUL),
 * so `ps` shows `very-long-progr` for `very-long-program`.
 */
export const LINUX_PROCESS_NAME_MAX_CHARS = 15;

export interface ImageMatchOptions {
  /** Windows compares names case-insensitively, as its file system does. */
  readonly caseInsensitive: boolean;
  /** Names the OS cuts at this length match an image that starts with them (Linux). */
  readonly truncatedAtChars?: number;
}

/**
 * Whether a process's name is `image`. macOS `ps` reports a full path, so the last path
 * segment is compared.
 */
export function matchesImageName(processName: string, image: string, options: ImageMatchOptions): boolean {
  const fold = (text: string) => (options.caseInsensitive ? text.toLowerCase() : text);
  const base = fold(processName.split(/[\\/]/).pop() ?? processName);
  const wanted = fold(image);
  if (base === wanted) return true;
  const cut = options.truncatedAtChars;
  return cut !== undefined && base.length === cut && wanted.length > cut && wanted.startsWith(base);
}
