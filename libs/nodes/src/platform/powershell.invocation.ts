import type { Invocation } from './invocation';

/**
 * How a PowerShell script is started: `-EncodedCommand` with the script as base64 of its
 * UTF-16LE bytes, so no quoting of the Windows command line (nor of cmd, nor of PowerShell's
 * own argument parser) can alter a single character of it.
 *
 * The script is wrapped (`wrapPowerShellScript`) so that the exit code means what a person
 * running it by hand expects:
 * - `$ErrorActionPreference='Stop'` turns every error into a terminating one: the script
 *   stops at the first failing cmdlet and powershell exits 1, instead of carrying on.
 * - `exit N` in the script exits with N (with `-EncodedCommand`, as with `-Command`, `exit`
 *   ends the host process).
 * - Otherwise the epilogue exits with `$LASTEXITCODE` when a native program ran: a script whose
 *   last command is `robocopy ...` or `git ...` returns that program's code, not 0. Without the
 *   epilogue powershell would exit 0 or 1 from `$?` and the native code would be lost.
 * - `$ProgressPreference='SilentlyContinue'`: a host without a console serializes progress
 *   records to stderr as `#< CLIXML` noise; nobody watches progress bars here.
 * - The console output encoding is set to UTF-8 (without BOM), which is how the agent decodes
 *   stdout; Windows PowerShell would otherwise write in the OEM code page and garble anything
 *   non-ASCII. Setting it can fail on a host without a console, which is harmless, hence the
 *   empty catch.
 */

export type PowerShellEdition = 'powershell' | 'pwsh';

/** Windows PowerShell 5.1 ships as powershell.exe; PowerShell 7+ as pwsh (pwsh.exe on Windows). */
export const POWERSHELL_EXECUTABLES: Readonly<Record<PowerShellEdition, string>> = {
  powershell: 'powershell.exe',
  pwsh: 'pwsh',
};

/** Switches before `-EncodedCommand`: no profile scripts, never prompt, no execution policy block. */
export const POWERSHELL_SWITCHES: readonly string[] = ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass'];

export const POWERSHELL_PRELUDE =
  "$ErrorActionPreference='Stop';$ProgressPreference='SilentlyContinue';" +
  'try{[Console]::OutputEncoding=[System.Text.UTF8Encoding]::new($false)}catch{}';

export const POWERSHELL_EPILOGUE = 'if (Test-Path -LiteralPath variable:\\LASTEXITCODE) { exit $LASTEXITCODE }';

/**
 * The script between prelude and epilogue, each on its own line so that a script ending in a
 * comment (or without a final newline) cannot swallow the epilogue.
 */
export function wrapPowerShellScript(script: string): string {
  return `${POWERSHELL_PRELUDE}\n${script}\n${POWERSHELL_EPILOGUE}`;
}

/** What `-EncodedCommand` expects: base64 of the UTF-16LE bytes of the command text. */
export function encodePowerShellCommand(command: string): string {
  return Buffer.from(command, 'utf16le').toString('base64');
}

export function decodePowerShellCommand(encoded: string): string {
  return Buffer.from(encoded, 'base64').toString('utf16le');
}

export interface PowerShellOptions {
  readonly edition: PowerShellEdition;
}

/** `powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -EncodedCommand <base64>`. */
export function powershellInvocation(script: string, options: PowerShellOptions): Invocation {
  return {
    file: POWERSHELL_EXECUTABLES[options.edition],
    args: [...POWERSHELL_SWITCHES, '-EncodedCommand', encodePowerShellCommand(wrapPowerShellScript(script))],
  };
}

/**
 * For a script too long for one Windows command line (about 12,000 characters once encoded):
 * the script sits in a `.ps1` file (written as UTF-8 with a BOM, which Windows PowerShell
 * needs to read it as UTF-8) and a short encoded command calls it with `&`. The semantics are
 * the same: the file inherits `$ErrorActionPreference`, an `exit N` inside it sets
 * `$LASTEXITCODE` to N, and the epilogue exits with it.
 */
export function powershellScriptFileInvocation(scriptPath: string, options: PowerShellOptions): Invocation {
  return powershellInvocation(`& ${quotePowerShellLiteral(scriptPath)}`, options);
}

/** A single-quoted PowerShell literal: nothing inside is expanded; a quote is doubled. */
export function quotePowerShellLiteral(text: string): string {
  // PowerShell also treats the typographic single quotes as quote characters.
  return `'${text.replace(/['\u2018\u2019\u201A\u201B]/g, (quote) => quote + quote)}'`;
}

/** The UTF-8 byte order mark: how Windows PowerShell 5.1 tells a UTF-8 script from an ANSI one. */
const UTF8_BOM = Buffer.from('\uFEFF', 'utf8');

/** A `.ps1` file's bytes: UTF-8 with a BOM. */
export function powershellScriptFileContent(script: string): Buffer {
  return Buffer.concat([UTF8_BOM, Buffer.from(script, 'utf8')]);
}
