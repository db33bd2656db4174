export type { Invocation, PlatformOs } from './invocation';
export type { Platform, SpawnOptions } from './platform';
export { currentPlatform, createPlatform, currentOs, type PlatformOptions } from './current-platform';
export { createPosixPlatform, type PosixPlatformOptions } from './posix.platform';
export { createWindowsPlatform, type WindowsPlatformOptions } from './windows.platform';
export {
  POWERSHELL_EPILOGUE,
  POWERSHELL_EXECUTABLES,
  POWERSHELL_PRELUDE,
  decodePowerShellCommand,
  encodePowerShellCommand,
  powershellInvocation,
  powershellScriptFileContent,
  powershellScriptFileInvocation,
  quotePowerShellLiteral,
  wrapPowerShellScript,
  type PowerShellEdition,
  type PowerShellOptions,
} from './powershell.invocation';
export { cmdInvocation, cmdScriptFileContent } from './cmd.invocation';
export { POSIX_SHELL_EXECUTABLES, fitsInlineShArgument, shInvocation, shScriptFileInvocation, type PosixShell } from './sh.invocation';
export { POSIX_MAX_ARGUMENT_BYTES, WINDOWS_MAX_COMMAND_LINE_CHARS, quoteWindowsArgument, windowsCommandLineLength } from './command-line-limits';
export {
  assertExactImageName,
  assertKillablePid,
  killTreeInvocation,
  processKillByImageInvocation,
  windowsKillInvocation,
  type KillTreePlan,
  type PosixKillPlan,
} from './kill-tree.plan';
export { isZombie, parseCsvLine, parsePsOutput, parseTasklistCsv, processListInvocation, type ProcessInfo } from './process-list.parse';
export { ancestorsOf, descendantsOf, matchesImageName, LINUX_PROCESS_NAME_MAX_CHARS } from './process-tree';
export { DEFAULT_KILL_GRACE_PERIOD_MS, KILL_POLL_INTERVAL_MS } from './platform-defaults';
export { pathStyleOf, type PathStyle } from './path-style';
export { runCommand, type CommandResult } from './run-command';
export type { Desktop, KeystrokeOptions } from './desktop/desktop';
export { createX11Desktop } from './desktop/x11.desktop';
export { createWindowsDesktop } from './desktop/windows.desktop';
export { windowsChordKeystroke, windowsDesktopSession, windowsTextKeystrokes, type KeyboardInput, type Keystroke, type WtsSessionFacts } from './desktop/windows-input.plan';
export { planX11Chords, planX11Text, textKeysyms, type X11Batch, type X11Keymap } from './desktop/x11-input.plan';
