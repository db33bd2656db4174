import * as D from './install.defaults';
import { applyInstallSteps } from './install.apply';
import {
  linuxPaths,
  systemdInstallSteps,
  systemdUninstallSteps,
  windowsLogonInstallSteps,
  windowsLogonUninstallSteps,
  windowsPaths,
  windowsServiceInstallSteps,
  windowsServiceUninstallSteps,
  type InstallMode,
  type InstallStep,
} from './install.plan';
import type { WorkerLaunch } from './install.spec-types';
import { WorkerConfigError } from '../worker-config.error';

export const INSTALL_MODES: readonly InstallMode[] = ['systemd', 'service', 'logon'];

export interface InstallRequest {
  readonly action: 'install' | 'uninstall';
  readonly mode: InstallMode;
  /** How the installed worker is started, without its flags. */
  readonly program: string;
  readonly prefixArgs: readonly string[];
  /** The worker flags to install it with (`--url`, `--name`, `--labels`, `--concurrency`). */
  readonly workerArgs: readonly string[];
  readonly enrollToken: string | undefined;
  /** `service`: the WinSW executable to register (shipped next to the single-file worker). */
  readonly winsw?: string;
  /** `logon`: the user whose logon starts the worker (`DOMAIN\user`). */
  readonly user?: string;
  /** A dry run under this directory (no command runs). */
  readonly root?: string;
  report(line: string): void;
}

/** The mode an install takes when none is named: the service of the system it runs on. */
export function defaultInstallMode(os: NodeJS.Platform): InstallMode {
  return os === 'win32' ? 'service' : 'systemd';
}

function stepsFor(request: InstallRequest): InstallStep[] {
  const install = request.action === 'install';
  const launch = (workerArgs: readonly string[]): WorkerLaunch => ({ program: request.program, prefixArgs: request.prefixArgs, workerArgs });
  switch (request.mode) {
    case 'systemd':
      return install
        ? systemdInstallSteps(
            { launch: launch(request.workerArgs), enrollToken: request.enrollToken, dataDir: linuxPaths.dataDir, policyFile: linuxPaths.policy },
            D.LINUX_SERVICE_USER,
          )
        : systemdUninstallSteps();
    case 'service':
      if (!install) return windowsServiceUninstallSteps();
      if (!request.winsw) throw new WorkerConfigError(['--winsw: the WinSW executable to register the service with (shipped next to the single-file worker)']);
      return windowsServiceInstallSteps(
        { launch: launch(request.workerArgs), enrollToken: request.enrollToken, dataDir: windowsPaths.serviceDataDir, policyFile: windowsPaths.policy },
        request.winsw,
      );
    case 'logon': {
      if (!install) return windowsLogonUninstallSteps();
      if (!request.user) throw new WorkerConfigError(['--user: the user whose logon starts the desktop worker (DOMAIN\\user)']);
      // Task Scheduler passes no environment of its own: the token travels as a flag.
      const token = request.enrollToken ? ['--enroll-token', request.enrollToken] : [];
      const dataDir = windowsPaths.userDataDir(request.user);
      return windowsLogonInstallSteps(
        { launch: launch([...request.workerArgs, ...token, '--data-dir', dataDir]), enrollToken: undefined, dataDir, policyFile: windowsPaths.policy },
        request.user,
      );
    }
  }
}

/** Installs or uninstalls the worker in one mode, reporting each step; a failing step stops it. */
export async function installWorker(request: InstallRequest): Promise<void> {
  await applyInstallSteps(stepsFor(request), { report: request.report, ...(request.root ? { root: request.root } : {}) });
}
