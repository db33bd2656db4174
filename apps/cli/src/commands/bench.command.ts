import { parseArgs } from 'node:util';
import { CliError } from '../cli-error';
import { cliConfig } from '../cli.config';
import { EXIT_FAILED, EXIT_INVALID, EXIT_OK, type CliIo, type Command } from '../command';
import { benchSpec } from './bench.help';

/** The Redis a bench uses when REDIS_URL is not set: the one every development machine runs. */
export const DEFAULT_BENCH_REDIS_URL = 'redis://127.0.0.1:6379';

/**
 * `runtime-hub bench` (also `npm run bench`): measures Runtime Hub on this machine
 * (docs/PERFORMANCE.md). It starts what it needs — a fresh database on DATABASE_URL's server
 * (dropped after), a coordinator and two workers as child processes on REDIS_URL under a
 * queue prefix of its own — runs each scenario after a warm-up, `--repeat` times, and prints
 * a table, or with `--json` one JSON document with every figure and the machine.
 * `--existing` measures the coordinator at RH_URL instead (RH_TOKEN, RH_ENROLL_TOKEN): the
 * bench then starts only its workers. Progress goes to stderr. Exit 0 when every scenario was measured (met goals or not), 1 when one
 * failed, 2 for bad flags.
 */
export const benchCommand: Command = {
  name: 'bench',
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseArgs({
      args,
      allowPositionals: false,
      options: benchSpec.options,
    });
    // Loaded here, not at the top: other commands should not pay for BullMQ, pg and Socket.IO.
    const { runBench, resolveBenchOptions, formatReport, BenchOptionsError } = await import('@runtime-hub/bench');
    let options: ReturnType<typeof resolveBenchOptions>;
    try {
      options = resolveBenchOptions({
        ...(values.quick !== undefined ? { quick: values.quick } : {}),
        ...(values.json !== undefined ? { json: values.json } : {}),
        ...(values.repeat !== undefined ? { repeat: values.repeat } : {}),
        ...(values.runs !== undefined ? { runs: values.runs } : {}),
        ...(values.only !== undefined ? { only: values.only } : {}),
        ...(values.size !== undefined ? { size: values.size } : {}),
        ...(values.profile !== undefined ? { profileDir: values.profile } : {}),
        ...(values.replicas !== undefined ? { replicas: values.replicas } : {}),
      });
    } catch (error) {
      if (error instanceof BenchOptionsError) throw new CliError(error.message, EXIT_INVALID, { cause: error });
      throw error;
    }
    if (values.existing && options.replicas > 1) {
      throw new CliError(`--replicas ${options.replicas} starts coordinators of the bench's own; --existing measures one that runs already: give one or the other`, EXIT_INVALID);
    }
    const config = await cliConfig();
    const existing = values.existing ? existingCoordinator(config) : undefined;
    let report: Awaited<ReturnType<typeof runBench>>;
    try {
      report = await runBench(options, {
        redisUrl: config.redisUrl ?? DEFAULT_BENCH_REDIS_URL,
        env: { ...config.env },
        command: ['bench', ...args].join(' '),
        ...(existing ? { existing } : {}),
        progress: (line) => io.err(line),
      });
    } catch (error) {
      throw new CliError(`the bench could not run: ${error instanceof Error ? error.message : String(error)}`, EXIT_FAILED, { cause: error });
    }
    if (options.json) io.out(JSON.stringify(report, null, 2));
    else for (const line of formatReport(report)) io.out(line);
    const failed = Object.values(report.scenarios).some((scenario) => scenario?.error !== undefined);
    return failed ? EXIT_FAILED : EXIT_OK;
  },
};

/** `--existing`: the coordinator at RH_URL, with the tokens the bench needs to use it. */
function existingCoordinator(config: { url: string; token: string | undefined; enrollToken: string | undefined }) {
  const missing = [config.token ? undefined : 'RH_TOKEN', config.enrollToken ? undefined : 'RH_ENROLL_TOKEN'].filter((name) => name !== undefined);
  if (missing.length > 0) throw new CliError(`--existing needs ${missing.join(' and ')} for the coordinator at ${config.url}`, EXIT_INVALID);
  return { url: config.url, token: config.token as string, enrollToken: config.enrollToken as string };
}
