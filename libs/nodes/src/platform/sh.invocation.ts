import type { Invocation } from './invocation';
import { POSIX_MAX_ARGUMENT_BYTES } from './command-line-limits';

/**
 * How an sh or bash script is started: `sh -c <script>`. On POSIX `execve` hands the argument
 * vector to the program untouched (no command line is re-parsed, unlike Windows), so the
 * script arrives byte for byte and nothing needs quoting; and no file has to be written.
 * Scripts that cannot travel as one argument (over `POSIX_MAX_ARGUMENT_BYTES`, or holding a
 * NUL byte) are written to a file in the task workspace and run as `sh <file>`, which keeps
 * the same semantics (`exit N`, `$?`), with `$0` naming the file.
 */

export type PosixShell = 'sh' | 'bash';

/** `sh` is POSIX's fixed path; bash lives in different places (/bin, /usr/bin, /usr/local/bin), so PATH finds it. */
export const POSIX_SHELL_EXECUTABLES: Readonly<Record<PosixShell, string>> = {
  sh: '/bin/sh',
  bash: 'bash',
};

export function shInvocation(shell: PosixShell, script: string): Invocation {
  return { file: POSIX_SHELL_EXECUTABLES[shell], args: ['-c', script] };
}

export function shScriptFileInvocation(shell: PosixShell, scriptPath: string): Invocation {
  return { file: POSIX_SHELL_EXECUTABLES[shell], args: [scriptPath] };
}

/** Whether `script` can be passed inline to `-c`. */
export function fitsInlineShArgument(script: string): boolean {
  return !script.includes('\0') && Buffer.byteLength(script, 'utf8') <= POSIX_MAX_ARGUMENT_BYTES;
}
