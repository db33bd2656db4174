import type { Invocation } from './invocation';

/**
 * Longest command line `CreateProcess` accepts: 32,767 UTF-16 units including the final NUL.
 * A longer PowerShell command line cannot start at all, so long scripts go through a file.
 */
export const WINDOWS_MAX_COMMAND_LINE_CHARS = 32_766;

/**
 * Longest single argument Linux `execve` accepts (MAX_ARG_STRLEN: 32 pages of 4 KiB,
 * including the final NUL). A longer `sh -c` script fails with E2BIG, so it goes through a file.
 */
export const POSIX_MAX_ARGUMENT_BYTES = 32 * 4096 - 1;

/**
 * Length of the command line Windows builds for `invocation`: each part quoted by the MSVCRT
 * rules libuv applies (quotes around parts with spaces, tabs or quotes; backslashes before a
 * quote doubled), or joined as is for verbatim arguments.
 */
export function windowsCommandLineLength(invocation: Invocation): number {
  const parts = [invocation.file, ...invocation.args];
  const quote = invocation.windowsVerbatimArguments === true ? (part: string) => part : quoteWindowsArgument;
  return parts.map((part, index) => (index === 0 ? quoteWindowsArgument(part) : quote(part))).join(' ').length;
}

/** The MSVCRT quoting of one argument, as libuv's `quote_cmd_arg` produces it. */
export function quoteWindowsArgument(argument: string): string {
  if (argument === '') return '""';
  if (!/[\s"]/.test(argument)) return argument;
  let quoted = '"';
  let backslashes = 0;
  for (const char of argument) {
    if (char === '\\') {
      backslashes += 1;
      continue;
    }
    if (char === '"') {
      quoted += '\\'.repeat(backslashes * 2 + 1) + '"';
    } else {
      quoted += '\\'.repeat(backslashes) + char;
    }
    backslashes = 0;
  }
  return quoted + '\\'.repeat(backslashes * 2) + '"';
}
