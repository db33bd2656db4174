import { CliError } from './cli-error';
import { EXIT_INVALID, EXIT_OK, type CliIo, type CommandSpec } from './command';
import { COMMANDS, type RegisteredCommand } from './commands.registry';
import { TOKEN_LOOKUP } from './help/common.help';
import { formatCommandHelp, formatOverview } from './help/help.format';

const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

const HELP_FLAGS = ['--help', '-h'];

/**
 * Runs one CLI invocation and returns its exit code. Expected failures never throw.
 * `runtime-hub`, `runtime-hub --help`: the overview; `runtime-hub <command> --help` (or
 * `runtime-hub help <command>`): that command's page. Only the command that runs is loaded.
 */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === 'help' && args.length > 0) return main([args[0]!, '--help'], io);
  if (!name || name === 'help' || HELP_FLAGS.includes(name)) {
    for (const line of formatOverview(COMMANDS.map((entry) => entry.spec), TOKEN_LOOKUP)) io.out(line);
    return name ? EXIT_OK : EXIT_INVALID;
  }
  const entry = COMMANDS.find((candidate) => candidate.spec.name === name);
  if (!entry) {
    const hint = await suggestion(name, COMMANDS.map((candidate) => candidate.spec.name));
    io.err(`runtime-hub: unknown command "${name}"${hint} (see runtime-hub --help)`);
    return EXIT_INVALID;
  }
  if (args.some((arg) => HELP_FLAGS.includes(arg))) {
    for (const line of formatCommandHelp(entry.spec)) io.out(line);
    return EXIT_OK;
  }
  return runCommand(entry, args, io);
}

async function runCommand(entry: RegisteredCommand, args: string[], io: CliIo): Promise<number> {
  const { spec } = entry;
  try {
    return await (await entry.load()).run(args, io);
  } catch (error) {
    if (error instanceof CliError) {
      io.err(`runtime-hub ${spec.name}: ${error.message}`);
      return error.exitCode;
    }
    if (isArgumentError(error)) {
      io.err(`runtime-hub ${spec.name}: ${await describeArgumentError(error as Error & { code: string }, spec)} (see runtime-hub ${spec.name} --help)`);
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

/** parseArgs' message, with the flag the user probably meant for an unknown one. */
async function describeArgumentError(error: Error & { code: string }, spec: CommandSpec): Promise<string> {
  const unknown = error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'(-[^']*)'/.exec(error.message)?.[1] : undefined;
  if (unknown === undefined) return error.message.replace(/\.$/, '');
  const flags = [...Object.keys(spec.options).map((option) => `--${option}`), ...HELP_FLAGS];
  return `unknown option ${unknown}${await suggestion(unknown, flags, '')}`;
}

/**
 * ` (did you mean "validate"?)` or ''. The matcher is loaded only here, on the way to an
 * error message: a call that goes right never pays for it.
 */
async function suggestion(typed: string, known: readonly string[], quote = '"'): Promise<string> {
  const { didYouMean } = await import('@runtime-hub/graph');
  return didYouMean(typed, known, quote);
}
