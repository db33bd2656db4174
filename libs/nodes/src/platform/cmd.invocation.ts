import { NonRetryableError } from '../errors/non-retryable.error';
import type { Invocation } from './invocation';

/**
 * How a cmd script is started: written to a `.cmd` file in the task workspace, then run with
 * `cmd.exe /d /e:on /v:off /s /c "call "<path>""`.
 *
 * Why a file and not the script inline: cmd has no encoded-command switch, and its command
 * line cannot be made safe. `%VAR%` is expanded even inside double quotes and cannot be
 * escaped there, `^ & | < >` are operators outside quotes, quotes toggle that state, and a
 * line break ends the command. A batch file is parsed line by line with the documented batch
 * rules (`%%` for a literal percent, `exit /b N`), exactly as when a person runs it.
 *
 * The switches: `/d` skips AutoRun commands from the registry (host-specific surprises);
 * `/e:on /v:off` pin command extensions on and delayed expansion off whatever the registry
 * says; `/s /c` with the whole command in one pair of quotes makes cmd strip exactly those
 * outer quotes and run the rest; `call` makes cmd return the batch file's own exit code
 * (`exit /b N`, or the errorlevel of its last command). The arguments are passed verbatim:
 * the MSVCRT quoting Node applies to other programs would escape the quotes with backslashes,
 * which cmd does not understand.
 */

/** Characters the `call` line would still interpret inside quotes: expansion, escapes, line ends. */
const UNSAFE_CMD_PATH_CHARACTERS = /["%!^\r\n]/;

export function cmdInvocation(scriptPath: string): Invocation {
  if (UNSAFE_CMD_PATH_CHARACTERS.test(scriptPath)) {
    throw new NonRetryableError('INTERNAL', `a cmd script path may not contain " % ! ^ or line breaks: ${scriptPath}`, {
      details: { scriptPath },
    });
  }
  return {
    file: 'cmd.exe',
    args: ['/d', '/e:on', '/v:off', '/s', '/c', `"call "${scriptPath}""`],
    windowsVerbatimArguments: true,
  };
}

/**
 * The `.cmd` file's text. `@echo off`: the log shows what the script prints, not each command
 * it runs. `chcp 65001`: programs print UTF-8, which is how the agent decodes their output.
 * Lines end in CRLF: cmd mis-parses labels and `goto` in files with bare LF line ends.
 */
export function cmdScriptFileContent(script: string): string {
  const lines = ['@echo off', 'chcp 65001 >nul', ...script.split(/\r?\n/)];
  return lines.join('\r\n') + '\r\n';
}
