/** The operating systems an agent runs on. Windows is the production target. */
export type PlatformOs = 'windows' | 'linux' | 'darwin';

/**
 * A program and its argument vector, ready for `child_process.spawn` (no shell in between).
 * The builders in this folder return these as plain data, so each exact command line is
 * unit-tested on any OS.
 */
export interface Invocation {
  readonly file: string;
  readonly args: readonly string[];
  /**
   * Windows only: pass `args` to the program exactly as written instead of quoting them by
   * the MSVCRT rules. Needed for `cmd.exe`, which parses its command line its own way.
   */
  readonly windowsVerbatimArguments?: boolean;
}
