import path from 'node:path';
import type { Invocation } from '@runtime-hub/nodes/executors';
import * as D from './install.defaults';
import type { InstallSpec } from './install.spec-types';
import { systemdUnit } from './systemd-unit';
import { logonTaskXml, restrictToAdministrators, winswServiceXml } from './windows-service-files';

/**
 * Install and uninstall of each mode, as a list of steps (plain data, unit-tested):
 *
 *   systemd (Linux): the service user, the policy and token files under /etc/runtime-hub,
 *     the state directory, the unit; then systemctl enables and starts it.
 *   service (Windows): WinSW and its XML under Program Files, the policy and the service's
 *     state under ProgramData (administrators only), then WinSW registers and starts it.
 *   logon (Windows): the desktop worker of one user, started by Task Scheduler when that user
 *     logs on; its state directory writable by that user, the policy by administrators only.
 *
 * Uninstall stops and unregisters, and removes what install wrote except the policy and the
 * state directory (the agent's key: a reinstall comes back as the same agent).
 */
export type InstallStep =
  | { readonly kind: 'mkdir'; readonly path: string; readonly mode?: number }
  | { readonly kind: 'write'; readonly path: string; readonly content: string; readonly mode?: number; readonly encoding?: 'utf8' | 'utf16le'; readonly keepExisting?: boolean }
  | { readonly kind: 'copy'; readonly from: string; readonly to: string }
  | { readonly kind: 'run'; readonly invocation: Invocation; readonly okExitCodes?: readonly number[] }
  | { readonly kind: 'remove'; readonly path: string };

export type InstallMode = 'systemd' | 'service' | 'logon';

const run = (file: string, args: readonly string[], okExitCodes?: readonly number[]): InstallStep => ({ kind: 'run', invocation: { file, args }, ...(okExitCodes ? { okExitCodes } : {}) });

/** useradd's exit code when the user already exists. */
const USERADD_EXISTS = 9;
/** systemctl's exit codes for a unit that is not loaded or not running: nothing left to stop. */
const SYSTEMCTL_NOTHING_TO_STOP = [1, 5];

export const linuxPaths = {
  unit: path.posix.join(D.SYSTEMD_UNIT_DIR, D.SYSTEMD_UNIT_NAME),
  envFile: path.posix.join(D.LINUX_CONFIG_DIR, D.ENV_FILE_NAME),
  policy: path.posix.join(D.LINUX_CONFIG_DIR, D.POLICY_FILE_NAME),
  dataDir: D.LINUX_DATA_DIR,
};

export function systemdInstallSteps(spec: InstallSpec, user: string): InstallStep[] {
  return [
    run('useradd', ['--system', '--home-dir', spec.dataDir, '--shell', '/usr/sbin/nologin', user], [USERADD_EXISTS]),
    { kind: 'mkdir', path: D.LINUX_CONFIG_DIR, mode: 0o755 },
    { kind: 'write', path: spec.policyFile, content: D.DEFAULT_POLICY_TEXT, mode: 0o644, keepExisting: true },
    ...(spec.enrollToken ? [{ kind: 'write' as const, path: linuxPaths.envFile, content: `RH_ENROLL_TOKEN=${spec.enrollToken}\n`, mode: 0o600 }] : []),
    { kind: 'mkdir', path: spec.dataDir, mode: 0o700 },
    run('chown', [`${user}:`, spec.dataDir]),
    { kind: 'write', path: linuxPaths.unit, content: systemdUnit(spec, { user, envFile: linuxPaths.envFile }), mode: 0o644 },
    run('systemctl', ['daemon-reload']),
    run('systemctl', ['enable', '--now', D.SYSTEMD_UNIT_NAME]),
  ];
}

export function systemdUninstallSteps(): InstallStep[] {
  return [
    run('systemctl', ['disable', '--now', D.SYSTEMD_UNIT_NAME], SYSTEMCTL_NOTHING_TO_STOP),
    { kind: 'remove', path: linuxPaths.unit },
    { kind: 'remove', path: linuxPaths.envFile },
    run('systemctl', ['daemon-reload']),
  ];
}

export const windowsPaths = {
  winsw: path.win32.join(D.WINDOWS_PROGRAM_DIR, D.WINSW_EXECUTABLE_NAME),
  winswXml: path.win32.join(D.WINDOWS_PROGRAM_DIR, D.WINSW_EXECUTABLE_NAME.replace(/\.exe$/, '.xml')),
  policy: path.win32.join(D.WINDOWS_CONFIG_DIR, D.POLICY_FILE_NAME),
  serviceDataDir: path.win32.join(D.WINDOWS_CONFIG_DIR, 'service'),
  logonTaskXml: path.win32.join(D.WINDOWS_CONFIG_DIR, 'logon-task.xml'),
  /** A per-user worker's state directory (`DOMAIN\user` → `DOMAIN_user`). */
  userDataDir: (user: string) => path.win32.join(D.WINDOWS_CONFIG_DIR, 'users', user.replace(/[\\/:*?"<>|]/g, '_')),
};

/** ProgramData\Runtime Hub readable by all (per-user workers read the policy), writable by administrators. */
function windowsPolicySteps(spec: InstallSpec): InstallStep[] {
  return [
    { kind: 'mkdir', path: D.WINDOWS_CONFIG_DIR },
    run('icacls', restrictToAdministrators(D.WINDOWS_CONFIG_DIR, { directory: true, readers: true }).args),
    { kind: 'write', path: spec.policyFile, content: D.DEFAULT_POLICY_TEXT, keepExisting: true },
    run('icacls', restrictToAdministrators(spec.policyFile, { directory: false, readers: true }).args),
  ];
}

export function windowsServiceInstallSteps(spec: InstallSpec, winswSource: string): InstallStep[] {
  return [
    ...windowsPolicySteps(spec),
    { kind: 'mkdir', path: spec.dataDir },
    run('icacls', restrictToAdministrators(spec.dataDir, { directory: true }).args),
    { kind: 'mkdir', path: D.WINDOWS_PROGRAM_DIR },
    { kind: 'copy', from: winswSource, to: windowsPaths.winsw },
    { kind: 'write', path: windowsPaths.winswXml, content: winswServiceXml(spec) },
    run('icacls', restrictToAdministrators(windowsPaths.winswXml, { directory: false }).args),
    run(windowsPaths.winsw, ['install']),
    run(windowsPaths.winsw, ['start']),
  ];
}

/** WinSW's exit code when the service is not installed or not running. */
const WINSW_NOTHING_TO_STOP = [1];

export function windowsServiceUninstallSteps(): InstallStep[] {
  return [
    run(windowsPaths.winsw, ['stop'], WINSW_NOTHING_TO_STOP),
    run(windowsPaths.winsw, ['uninstall'], WINSW_NOTHING_TO_STOP),
    { kind: 'remove', path: windowsPaths.winswXml },
    { kind: 'remove', path: windowsPaths.winsw },
  ];
}

export function windowsLogonInstallSteps(spec: InstallSpec, user: string): InstallStep[] {
  return [
    ...windowsPolicySteps(spec),
    { kind: 'mkdir', path: spec.dataDir },
    run('icacls', restrictToAdministrators(spec.dataDir, { directory: true, owner: user }).args),
    // Task Scheduler reads task XML as UTF-16, as the declaration says.
    { kind: 'write', path: windowsPaths.logonTaskXml, content: `\ufeff${logonTaskXml(spec, user)}`, encoding: 'utf16le' },
    run('schtasks', ['/Create', '/TN', D.LOGON_TASK_NAME, '/XML', windowsPaths.logonTaskXml, '/F']),
    run('schtasks', ['/Run', '/TN', D.LOGON_TASK_NAME]),
  ];
}

/** schtasks' exit code when the task does not exist or is not running. */
const SCHTASKS_NOTHING_TO_STOP = [1];

export function windowsLogonUninstallSteps(): InstallStep[] {
  return [
    run('schtasks', ['/End', '/TN', D.LOGON_TASK_NAME], SCHTASKS_NOTHING_TO_STOP),
    run('schtasks', ['/Delete', '/TN', D.LOGON_TASK_NAME, '/F'], SCHTASKS_NOTHING_TO_STOP),
    { kind: 'remove', path: windowsPaths.logonTaskXml },
  ];
}
