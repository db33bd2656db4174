/** What a command writes to; injected so commands are testable without a terminal. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** A command's code: loaded only when that command runs (see commands.registry.ts). */
export interface Command {
  readonly name: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** One flag of a command, as `util.parseArgs` takes it, with what `--help` says of it. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  /** How the value is shown in help: `N`, `ID`, `k=v`. String options only. */
  readonly value?: string;
  readonly description: string;
}

/**
 * What `runtime-hub --help` and `runtime-hub <command> --help` print about a command, and
 * the flags its arguments are parsed with (so help, parsing and "did you mean" agree).
 * Plain data: reading it loads nothing else.
 */
export interface CommandSpec {
  readonly name: string;
  /** One line for `runtime-hub --help`. */
  readonly summary: string;
  /** One or more `runtime-hub <command> ...` lines. */
  readonly usage: readonly string[];
  /** What the command does, in a few sentences. */
  readonly description: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Environment variables it reads: [name, what for]. */
  readonly env: ReadonlyArray<readonly [string, string]>;
  /** [command line, what it does]. */
  readonly examples: ReadonlyArray<readonly [string, string]>;
  /** [exit code, when]. */
  readonly exitCodes: ReadonlyArray<readonly [number, string]>;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_INVALID = 2;
