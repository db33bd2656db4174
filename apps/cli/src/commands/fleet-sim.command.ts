import { parseArgs } from 'node:util';
import { CliError } from '../cli-error';
import { cliConfig } from '../cli.config';
import { EXIT_INVALID, EXIT_OK, type CliIo, type Command } from '../command';
import { fleetSimSpec } from './fleet-sim.help';

/** --agents: the fleet size the issue asks to be tried on one machine. */
export const FLEET_SIM_DEFAULT_AGENTS = 200;
/** --labels: what a workflow targets to reach the simulated fleet (`{labels:[sim], each:true}`). */
export const FLEET_SIM_DEFAULT_LABELS = 'sim';
/** Largest fleet one process simulates: each agent holds one socket to the coordinator. */
export const FLEET_SIM_MAX_AGENTS = 2_000;
/** --offline-rate: every this long, that share of the fleet stops... */
export const FLEET_SIM_OFFLINE_EVERY_MS = 30_000;
/** ...for this long: past the coordinator's default offline threshold (15 s), so it notices. */
export const FLEET_SIM_OFFLINE_FOR_MS = 20_000;

/**
 * `runtime-hub fleet-sim --agents N [--url URL] [--labels sim] [--enroll-token T]
 *  [--latency-ms MS] [--failure-rate R] [--offline-rate R] [--json]`
 *
 * Starts N simulated worker agents in this process against a running coordinator (real
 * enrollment, control channel and BullMQ queues; only execution is simulated, see
 * simulated-fleet.ts), prints one line once all are started (`--json`: an object with
 * `agents`, `labels`, `names` and `startedInMs`), and runs until SIGINT or SIGTERM, then
 * stops them and exits 0.
 */
export const fleetSimCommand: Command = {
  name: 'fleet-sim',
  async run(args: string[], io: CliIo): Promise<number> {
    const { values } = parseArgs({
      args,
      allowPositionals: false,
      options: fleetSimSpec.options,
    });
    const count = integerFlag('--agents', values.agents, FLEET_SIM_DEFAULT_AGENTS, 1, FLEET_SIM_MAX_AGENTS);
    const latencyMs = integerFlag('--latency-ms', values['latency-ms'], 0, 0, Number.MAX_SAFE_INTEGER);
    const failureRate = rateFlag('--failure-rate', values['failure-rate']);
    const offlineRate = rateFlag('--offline-rate', values['offline-rate']);
    const labels = (values.labels ?? FLEET_SIM_DEFAULT_LABELS).split(',').map((label) => label.trim()).filter((label) => label !== '');
    const config = await cliConfig();
    const url = values.url ?? config.url;
    const enrollToken = values['enroll-token'] ?? config.enrollToken;

    // Loaded here, not at the top: other commands should not pay for BullMQ and Socket.IO.
    const { startSimulatedFleet } = await import('@runtime-hub/worker-windows');
    const began = Date.now();
    const fleet = await startSimulatedFleet({
      url,
      enrollToken,
      count,
      labels,
      ...(values['name-prefix'] ? { namePrefix: values['name-prefix'] } : {}),
      latencyMs,
      failureRate,
      offlineRate,
      offlineEveryMs: FLEET_SIM_OFFLINE_EVERY_MS,
      offlineForMs: FLEET_SIM_OFFLINE_FOR_MS,
    });
    const startedInMs = Date.now() - began;
    if (values.json) io.out(JSON.stringify({ agents: fleet.names.length, labels, names: fleet.names, startedInMs }));
    else io.out(`${fleet.names.length} simulated agents started in ${startedInMs} ms (labels ${labels.join(',')}); Ctrl-C stops them`);

    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await fleet.stop();
    return EXIT_OK;
  },
};

function integerFlag(flag: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new CliError(`${flag}: expected a whole number from ${min} to ${max}, got "${text}"`, EXIT_INVALID);
  return value;
}

function rateFlag(flag: string, text: string | undefined): number {
  if (text === undefined) return 0;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || value > 1) throw new CliError(`${flag}: expected a number from 0 to 1, got "${text}"`, EXIT_INVALID);
  return value;
}
