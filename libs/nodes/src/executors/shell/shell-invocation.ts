import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ShellConfig } from '../../definitions/shell/shell.definition';
import { cmdInvocation, cmdScriptFileContent } from '../../platform/cmd.invocation';
import { POSIX_MAX_ARGUMENT_BYTES, WINDOWS_MAX_COMMAND_LINE_CHARS, windowsCommandLineLength } from '../../platform/command-line-limits';
import type { Invocation, PlatformOs } from '../../platform/invocation';
import { powershellInvocation, powershellScriptFileContent, powershellScriptFileInvocation } from '../../platform/powershell.invocation';
import { fitsInlineShArgument, shInvocation, shScriptFileInvocation } from '../../platform/sh.invocation';

/** Script file names inside the task workspace (one script per task). */
export const SCRIPT_FILE_NAMES = { powershell: 'script.ps1', cmd: 'script.cmd', sh: 'script.sh' } as const;

/**
 * The command that runs a `shell` node's script, writing the script to a file in the task
 * workspace where it cannot travel inline: always for cmd, and for PowerShell and sh scripts
 * too long for one command line (see the builders in platform/ for the reasons).
 */
export async function prepareShellInvocation(shell: ShellConfig['shell'], script: string, workspaceDir: string, os: PlatformOs): Promise<Invocation> {
  switch (shell) {
    case 'powershell':
    case 'pwsh': {
      const inline = powershellInvocation(script, { edition: shell });
      if (fitsOneCommandLine(inline, os)) return inline;
      const path = join(workspaceDir, SCRIPT_FILE_NAMES.powershell);
      await writeFile(path, powershellScriptFileContent(script));
      return powershellScriptFileInvocation(path, { edition: shell });
    }
    case 'cmd': {
      const path = join(workspaceDir, SCRIPT_FILE_NAMES.cmd);
      await writeFile(path, cmdScriptFileContent(script), 'utf8');
      return cmdInvocation(path);
    }
    case 'sh':
    case 'bash': {
      if (fitsInlineShArgument(script)) return shInvocation(shell, script);
      const path = join(workspaceDir, SCRIPT_FILE_NAMES.sh);
      await writeFile(path, script, 'utf8');
      return shScriptFileInvocation(shell, path);
    }
  }
}

function fitsOneCommandLine(invocation: Invocation, os: PlatformOs): boolean {
  if (os === 'windows') return windowsCommandLineLength(invocation) <= WINDOWS_MAX_COMMAND_LINE_CHARS;
  return invocation.args.every((arg) => Buffer.byteLength(arg, 'utf8') <= POSIX_MAX_ARGUMENT_BYTES);
}
