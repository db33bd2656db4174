/** What a command writes to; injected so commands are testable without a terminal. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export interface Command {
  readonly name: string;
  /** One line for `runtime-hub --help`. */
  readonly summary: string;
  readonly usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_INVALID = 2;
