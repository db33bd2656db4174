import { execFile } from 'node:child_process';
import type { Invocation } from './invocation';
import { PLATFORM_COMMAND_MAX_OUTPUT_BYTES, PLATFORM_COMMAND_TIMEOUT_MS } from './platform-defaults';

export interface CommandResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs one of the platform's helper programs (ps, tasklist, taskkill) to completion. A
 * non-zero exit is a result, not an error: taskkill's codes mean different things. Failing
 * to start, a timeout or too much output reject.
 */
export function runCommand(invocation: Invocation): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(
      invocation.file,
      [...invocation.args],
      {
        encoding: 'utf8',
        timeout: PLATFORM_COMMAND_TIMEOUT_MS,
        maxBuffer: PLATFORM_COMMAND_MAX_OUTPUT_BYTES,
        windowsHide: true,
        windowsVerbatimArguments: invocation.windowsVerbatimArguments === true,
      },
      (error, stdout, stderr) => {
        if (error === null) return resolve({ exitCode: 0, stdout, stderr });
        if (typeof error.code === 'number' && error.killed !== true) return resolve({ exitCode: error.code, stdout, stderr });
        reject(new Error(`${invocation.file} failed: ${error.message}`, { cause: error }));
      },
    );
  });
}
