import type { ChildProcess } from 'node:child_process';
import type { Desktop } from './desktop/desktop';
import type { Invocation, PlatformOs } from './invocation';
import type { ProcessInfo } from './process-list.parse';

export interface SpawnOptions {
  /** Working directory; absent: the agent's. */
  readonly cwd?: string;
  /** The whole environment of the child (already merged by the caller). Absent: the agent's. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Leave the child running on its own: no pipes to it, not tied to the agent's lifetime
   * (`process.start` without `wait`). Otherwise stdout and stderr are piped and stdin is
   * closed, so a script that reads its input gets end-of-file instead of hanging.
   */
  readonly background?: boolean;
}

/**
 * Everything the executors need from the operating system that differs between Windows and
 * POSIX. Every Windows-only program (taskkill, tasklist, cmd.exe, powershell.exe) is reached
 * only through this interface and the builders beside it; tests substitute it freely.
 */
export interface Platform {
  readonly os: PlatformOs;
  /**
   * Starts a program. On POSIX the child leads a new process group, so that `killTree` can
   * reach every process it starts.
   */
  spawn(invocation: Invocation, options?: SpawnOptions): ChildProcess;
  /**
   * Ends `pid` and all its descendants (POSIX: SIGTERM, then SIGKILL after the grace period;
   * Windows: `taskkill /T /F`). Resolves once the signals are sent and the tree is gone or the
   * grace period is over, with the number of processes it ended as far as it can tell.
   * Refuses the agent's own process and its ancestors.
   */
  killTree(pid: number): Promise<number>;
  /** Ends `pid` alone (its children keep running); 0 if it was already gone, else 1. */
  kill(pid: number): Promise<number>;
  /** Whether `pid` is a running process (a zombie is not). */
  isAlive(pid: number): Promise<boolean>;
  /** Running processes (zombies left out). */
  listProcesses(): Promise<ProcessInfo[]>;
  /**
   * Ends every process of an exact image name (`notepad.exe`), with its descendants when
   * `tree`; never the agent itself. Resolves with the number of processes ended.
   */
  killByImage(image: string, options: { readonly tree: boolean }): Promise<number>;
  /** The interactive desktop: session state, focused window, keyboard input (desktop/). */
  readonly desktop: Desktop;
}
