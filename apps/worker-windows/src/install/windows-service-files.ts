import { quoteWindowsArgument } from '@runtime-hub/nodes/executors';
import type { Invocation } from '@runtime-hub/nodes/executors';
import * as D from './install.defaults';
import type { InstallSpec } from './install.spec-types';

/**
 * Windows install files, as text: the WinSW service configuration (headless work, as
 * LocalSystem) and the Task Scheduler task that starts a per-user worker at logon (desktop
 * work: a service runs in session 0 and cannot reach the user's desktop). Plus the icacls
 * calls that leave the policy and the service's key writable by administrators only.
 */

const xmlEscape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One Windows command line from an argument vector, quoted by the MSVCRT rules node.exe parses with. */
export function windowsArguments(args: readonly string[]): string {
  return args.map(quoteWindowsArgument).join(' ');
}

/** WinSW (v2) configuration of the headless worker service. */
export function winswServiceXml(spec: InstallSpec): string {
  const args = windowsArguments([...spec.launch.prefixArgs, ...spec.launch.workerArgs, '--policy', spec.policyFile]);
  const failures = D.SERVICE_RESTART_DELAYS_S.map((seconds) => `  <onfailure action="restart" delay="${seconds} sec"/>`);
  return [
    '<service>',
    `  <id>${D.WINDOWS_SERVICE_ID}</id>`,
    `  <name>${D.WINDOWS_SERVICE_NAME}</name>`,
    `  <description>${D.SERVICE_DESCRIPTION}</description>`,
    `  <executable>${xmlEscape(spec.launch.program)}</executable>`,
    `  <arguments>${xmlEscape(args)}</arguments>`,
    `  <workingdirectory>${xmlEscape(spec.dataDir)}</workingdirectory>`,
    `  <env name="RH_DATA_DIR" value="${xmlEscape(spec.dataDir)}"/>`,
    ...(spec.enrollToken ? [`  <env name="RH_ENROLL_TOKEN" value="${xmlEscape(spec.enrollToken)}"/>`] : []),
    '  <startmode>Automatic</startmode>',
    '  <delayedAutoStart>true</delayedAutoStart>',
    ...failures,
    `  <resetfailure>${D.SERVICE_RESET_FAILURE_AFTER_H} hour</resetfailure>`,
    // WinSW stops the worker with Ctrl+C (SIGINT): it hands its tasks back within its grace period.
    `  <stoptimeout>${D.SERVICE_STOP_TIMEOUT_S} sec</stoptimeout>`,
    `  <logpath>${xmlEscape(`${spec.dataDir}\\logs`)}</logpath>`,
    `  <log mode="roll-by-size"><sizeThreshold>${D.SERVICE_LOG_ROLL_KB}</sizeThreshold><keepFiles>${D.SERVICE_LOG_FILES_KEPT}</keepFiles></log>`,
    '</service>',
    '',
  ].join('\r\n');
}

/**
 * Task Scheduler task (schema 1.2) that starts the desktop worker when `user` logs on, in that
 * user's interactive session, without elevation, restarted when it fails, never stopped for
 * running long.
 */
export function logonTaskXml(spec: InstallSpec, user: string): string {
  const args = windowsArguments([...spec.launch.prefixArgs, ...spec.launch.workerArgs, '--desktop', '--policy', spec.policyFile]);
  return [
    '<?xml version="1.0" encoding="UTF-16"?>',
    '<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">',
    `  <RegistrationInfo><Description>${D.LOGON_TASK_DESCRIPTION}</Description></RegistrationInfo>`,
    `  <Triggers><LogonTrigger><Enabled>true</Enabled><UserId>${xmlEscape(user)}</UserId></LogonTrigger></Triggers>`,
    `  <Principals><Principal id="Author"><UserId>${xmlEscape(user)}</UserId><LogonType>InteractiveToken</LogonType><RunLevel>LeastPrivilege</RunLevel></Principal></Principals>`,
    '  <Settings>',
    '    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>',
    '    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>',
    '    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>',
    '    <ExecutionTimeLimit>PT0S</ExecutionTimeLimit>',
    `    <RestartOnFailure><Interval>PT${D.LOGON_TASK_RESTART_INTERVAL_MIN}M</Interval><Count>${D.LOGON_TASK_RESTART_COUNT}</Count></RestartOnFailure>`,
    '    <Hidden>true</Hidden>',
    '  </Settings>',
    '  <Actions Context="Author">',
    `    <Exec><Command>${xmlEscape(spec.launch.program)}</Command><Arguments>${xmlEscape(args)}</Arguments><WorkingDirectory>${xmlEscape(spec.dataDir)}</WorkingDirectory></Exec>`,
    '  </Actions>',
    '</Task>',
    '',
  ].join('\r\n');
}

/** Well-known SIDs, so the grants work whatever the system's language calls these groups. */
const SID_SYSTEM = '*S-1-5-18';
const SID_ADMINISTRATORS = '*S-1-5-32-544';
const SID_USERS = '*S-1-5-32-545';

/**
 * icacls calls: inheritance cut, then full control for SYSTEM and Administrators only. `readers`
 * adds read access for everyone logged on (the policy file, read by per-user workers);
 * `owner` adds modify access for one user (a per-user worker's own data directory).
 */
export function restrictToAdministrators(path: string, options: { readonly directory: boolean; readonly readers?: boolean; readonly owner?: string }): Invocation {
  const inherit = options.directory ? '(OI)(CI)' : '';
  return {
    file: 'icacls',
    args: [
      path,
      '/inheritance:r',
      '/grant:r',
      `${SID_SYSTEM}:${inherit}F`,
      '/grant:r',
      `${SID_ADMINISTRATORS}:${inherit}F`,
      ...(options.readers ? ['/grant:r', `${SID_USERS}:${inherit}RX`] : []),
      ...(options.owner ? ['/grant:r', `${options.owner}:${inherit}M`] : []),
    ],
  };
}
