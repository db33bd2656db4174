import { parseArgs } from 'node:util';
import { CliError } from '../cli-error';
import { EXIT_FAILED, EXIT_INVALID, type CliIo, type Command } from '../command';
import { runWorkerInstall } from './worker-install';
import { workerSpec } from './worker.help';

/**
 * `runtime-hub worker`: runs a worker agent in the foreground until SIGINT or SIGTERM (then
 * it finishes or hands back its tasks and exits 0). Flags override RH_URL, RH_ENROLL_TOKEN,
 * RH_WORKER_NAME, RH_WORKER_LABELS, RH_WORKER_CONCURRENCY, RH_POLICY_FILE; RH_DATA_DIR holds
 * its private key, its default policy file (policy.json) and task workspaces. Logs are JSON lines on stderr.
 */
export const workerCommand: Command = {
  name: 'worker',
  async run(args: string[], io: CliIo): Promise<number> {
    if (args[0] === 'install' || args[0] === 'uninstall') return runWorkerInstall(args[0], args.slice(1), io);
    const { values } = parseArgs({
      args,
      allowPositionals: false,
      options: workerSpec.options,
    });
    // Loaded here, not at the top: other commands should not pay for BullMQ and Socket.IO.
    const { loadWorkerConfig, runWorkerProcess, WorkerConfigError } = await import('@runtime-hub/worker-windows');
    try {
      const config = loadWorkerConfig({
        url: values.url,
        enrollToken: values['enroll-token'],
        labels: values.labels,
        name: values.name,
        concurrency: values.concurrency,
        desktop: values.desktop,
        policy: values.policy,
        dataDir: values['data-dir'],
      });
      return await runWorkerProcess(config);
    } catch (error) {
      if (error instanceof WorkerConfigError) throw new CliError(error.problems.join('; '), EXIT_INVALID, { cause: error });
      throw new CliError(error instanceof Error ? error.message : String(error), EXIT_FAILED, { cause: error });
    }
  },
};
