import path from 'node:path';
import { parseArgs } from 'node:util';
import { CliError } from '../cli-error';
import { EXIT_FAILED, EXIT_INVALID, EXIT_OK, type CliIo } from '../command';

/** The worker flags an install passes on to the installed worker, as given. */
const PASSED_FLAGS = ['url', 'name', 'labels', 'concurrency'] as const;

/**
 * `runtime-hub worker install|uninstall`: registers the worker with the system (a systemd
 * unit, a Windows service through WinSW, or a per-user logon task for desktop work), or
 * removes it. From a checkout the installed worker runs `node bin/runtime-hub.js worker`;
 * the single-file worker installs itself. `--root DIR` writes the files under DIR and runs no
 * command: a review of what an install does.
 */
export async function runWorkerInstall(action: 'install' | 'uninstall', args: string[], io: CliIo, launch = checkoutLaunch()): Promise<number> {
  const { values } = parseArgs({
    args,
    allowPositionals: false,
    options: {
      mode: { type: 'string' },
      url: { type: 'string' },
      'enroll-token': { type: 'string' },
      labels: { type: 'string' },
      name: { type: 'string' },
      concurrency: { type: 'string' },
      winsw: { type: 'string' },
      user: { type: 'string' },
      root: { type: 'string' },
    },
  });
  const { installWorker, defaultInstallMode, INSTALL_MODES, WorkerConfigError } = await import('@runtime-hub/worker-windows/install');
  const mode = values.mode ?? defaultInstallMode(process.platform);
  if (!(INSTALL_MODES as readonly string[]).includes(mode)) throw new CliError(`--mode: expected one of ${INSTALL_MODES.join('|')}, got "${mode}"`, EXIT_INVALID);
  if (action === 'install' && !values.url) throw new CliError('--url: the coordinator the installed worker talks to', EXIT_INVALID);
  const workerArgs = PASSED_FLAGS.flatMap((flag) => (values[flag] === undefined ? [] : [`--${flag}`, values[flag] as string]));
  try {
    await installWorker({
      action,
      mode: mode as (typeof INSTALL_MODES)[number],
      program: launch.program,
      prefixArgs: launch.prefixArgs,
      workerArgs,
      enrollToken: values['enroll-token'],
      winsw: values.winsw ?? launch.winsw,
      user: values.user,
      root: values.root ? path.resolve(values.root) : undefined,
      report: (line) => io.out(line),
    });
  } catch (error) {
    if (error instanceof WorkerConfigError) throw new CliError(error.problems.join('; '), EXIT_INVALID, { cause: error });
    throw new CliError(`${action} failed: ${error instanceof Error ? error.message : String(error)}`, EXIT_FAILED, { cause: error });
  }
  io.out(`worker ${action === 'install' ? 'installed' : 'uninstalled'} (${mode})`);
  return EXIT_OK;
}

export interface InstallLaunch {
  readonly program: string;
  readonly prefixArgs: readonly string[];
  readonly winsw?: string;
}

/** From a checkout: this node, running this repository's CLI. */
function checkoutLaunch(): InstallLaunch {
  return { program: process.execPath, prefixArgs: [path.resolve(__dirname, '..', '..', '..', '..', 'bin', 'runtime-hub.js'), 'worker'] };
}
