import { CliError } from './cli-error';
import { EXIT_INVALID, EXIT_OK, type CliIo, type Command } from './command';
import { validateCommand } from './commands/validate.command';
import { coordinatorCommand } from './commands/coordinator.command';
import { migrateCommand } from './commands/migrate.command';
import { workflowsCommand } from './commands/workflows.command';
import { upCommand } from './commands/up.command';
import { workerCommand } from './commands/worker.command';
import { runCommand } from './commands/run.command';
import { runsCommand } from './commands/runs.command';
import { logsCommand } from './commands/logs.command';
import { agentsCommand } from './commands/agents.command';
import { enrollTokenCommand } from './commands/enroll-token.command';
import { benchCommand } from './commands/bench.command';
import { fleetSimCommand } from './commands/fleet-sim.command';
import { packageCommand } from './commands/package.command';

const COMMANDS: readonly Command[] = [validateCommand, coordinatorCommand, migrateCommand, workflowsCommand, upCommand, workerCommand, runCommand, runsCommand, logsCommand, agentsCommand, enrollTokenCommand, benchCommand, fleetSimCommand, packageCommand];

const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

function help(io: CliIo): void {
  io.out('Runtime Hub: orchestrate automations across fleets of Windows machines.\n');
  io.out('usage: runtime-hub <command> [options]\n');
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  for (const command of COMMANDS) io.out(`  ${command.name.padEnd(width)}  ${command.summary}`);
  io.out('\n`runtime-hub <command> --help` shows a command\'s options.');
}

/** Runs one CLI invocation and returns its exit code. Expected failures never throw. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    help(io);
    return name ? EXIT_OK : EXIT_INVALID;
  }
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    io.err(`runtime-hub: unknown command "${name}" (see runtime-hub --help)`);
    return EXIT_INVALID;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.out(`usage: ${command.usage}`);
    return EXIT_OK;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`runtime-hub ${name}: ${error.message}`);
      return error.exitCode;
    }
    if (isArgumentError(error)) {
      io.err(`runtime-hub ${name}: ${(error as Error).message} (usage: ${command.usage})`);
      return EXIT_INVALID;
    }
    throw error;
  }
}

/** `util.parseArgs` reports unknown or malformed options with these codes. */
function isArgumentError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

