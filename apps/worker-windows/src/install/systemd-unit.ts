import * as D from './install.defaults';
import type { InstallSpec } from './install.spec-types';

/**
 * systemd's quoting of one ExecStart word: double quotes, `\` and `"` escaped, and `%` and `$`
 * doubled so neither a specifier nor a variable is expanded in a flag value.
 */
export function systemdQuote(word: string): string {
  const escaped = word.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%').replace(/\$/g, '$$$$');
  return /^[A-Za-z0-9_@+=:,./-]+$/.test(word) ? word : `"${escaped}"`;
}

/**
 * The unit of the Linux worker service: an unprivileged user, restarted on failure, the
 * enroll token in an environment file only root reads, and a read-only system except its
 * state directory (ProtectSystem=strict, ReadWritePaths).
 */
export function systemdUnit(spec: InstallSpec, options: { readonly user: string; readonly envFile: string }): string {
  const exec = [spec.launch.program, ...spec.launch.prefixArgs, ...spec.launch.workerArgs, '--policy', spec.policyFile].map(systemdQuote).join(' ');
  return [
    '[Unit]',
    `Description=${D.WINDOWS_SERVICE_NAME}`,
    'Wants=network-online.target',
    'After=network-online.target',
    '',
    '[Service]',
    'Type=simple',
    `User=${options.user}`,
    `Environment=RH_DATA_DIR=${systemdQuote(spec.dataDir)}`,
    // "-": a worker that already holds its key needs no token file.
    `EnvironmentFile=-${options.envFile}`,
    `WorkingDirectory=${spec.dataDir}`,
    `ExecStart=${exec}`,
    'Restart=on-failure',
    `RestartSec=${D.SYSTEMD_RESTART_SEC}`,
    'KillSignal=SIGTERM',
    `TimeoutStopSec=${D.SERVICE_STOP_TIMEOUT_S}`,
    'NoNewPrivileges=true',
    'ProtectSystem=strict',
    'ProtectHome=true',
    'PrivateTmp=true',
    `ReadWritePaths=${spec.dataDir}`,
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}
