/**
 * Entry of the single-file worker (`runtime-hub package`): the `worker` command and its
 * `install` / `uninstall`, nothing else of the CLI. `runtime-hub-worker --url ... --enroll-token
 * ...` runs a worker; `runtime-hub-worker install --mode service ...` installs this very file.
 */
import path from 'node:path';
import { EXIT_INVALID, type CliIo } from '../command';
import { CliError } from '../cli-error';
import { workerCommand } from '../commands/worker.command';
import { formatCommandHelp } from '../help/help.format';
import { workerSpec } from '../commands/worker.help';
import { runWorkerInstall } from '../commands/worker-install';
import { WINSW_FILE_NAME } from './package.defaults';

const io: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first === 'install' || first === 'uninstall') {
      // The service runs this file itself; WinSW ships beside it in the package.
      return await runWorkerInstall(first, rest, io, { program: process.execPath, prefixArgs: [], winsw: path.join(path.dirname(process.execPath), WINSW_FILE_NAME) });
    }
    if (first === '--help' || first === '-h') {
      io.out('usage: runtime-hub-worker [worker flags] | install|uninstall [flags]');
      for (const line of formatCommandHelp(workerSpec)) io.out(line);
      return 0;
    }
    return await workerCommand.run(argv, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`runtime-hub-worker: ${error.message}`);
      return error.exitCode;
    }
    if ((error as { code?: unknown }).code?.toString().startsWith('ERR_PARSE_ARGS_')) {
      io.err(`runtime-hub-worker: ${(error as Error).message}`);
      return EXIT_INVALID;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    io.err(`runtime-hub-worker: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
