import type { PackageTarget } from './package.defaults';

/** The install script in each package: copies the worker where only administrators write, then installs it. */
export const INSTALL_SCRIPT_NAME: Readonly<Record<PackageTarget, string>> = { 'linux-x64': 'install.sh', 'win-x64': 'install.ps1' };

const WINDOWS_SCRIPT = `# Installs the Runtime Hub worker from this folder. Run in an elevated PowerShell:
#   .\\install.ps1 -Url https://hub:4000 -EnrollToken rhe_... [-Labels windows,finance] [-Desktop -User CORP\\alice]
# -Desktop installs the per-user worker started at that user's logon (keyboard input);
# otherwise the headless worker service.
param([Parameter(Mandatory)][string]$Url, [string]$EnrollToken, [string]$Labels, [switch]$Desktop, [string]$User)
$ErrorActionPreference = 'Stop'
$target = Join-Path $env:ProgramFiles 'Runtime Hub'
New-Item -ItemType Directory -Force -Path $target | Out-Null
Copy-Item -Force (Join-Path $PSScriptRoot 'runtime-hub-worker.exe') $target
Copy-Item -Force (Join-Path $PSScriptRoot 'runtime-hub-worker-service.exe') $target
$exe = Join-Path $target 'runtime-hub-worker.exe'
$arguments = @('install', '--url', $Url)
if ($EnrollToken) { $arguments += @('--enroll-token', $EnrollToken) }
if ($Labels) { $arguments += @('--labels', $Labels) }
if ($Desktop) { $arguments += @('--mode', 'logon', '--user', $(if ($User) { $User } else { "$env:USERDOMAIN\\$env:USERNAME" })) }
else { $arguments += @('--mode', 'service') }
& $exe @arguments
exit $LASTEXITCODE
`;

const LINUX_SCRIPT = `#!/bin/sh
# Installs the Runtime Hub worker from this folder as a systemd service. Run as root:
#   ./install.sh --url http://hub:4000 --enroll-token rhe_... [--labels linux,etl]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
install -d -m 0755 /opt/runtime-hub
install -m 0755 "$here/runtime-hub-worker" /opt/runtime-hub/runtime-hub-worker
exec /opt/runtime-hub/runtime-hub-worker install --mode systemd "$@"
`;

export function installScript(target: PackageTarget): string {
  return target === 'win-x64' ? WINDOWS_SCRIPT.replace(/\n/g, '\r\n') : LINUX_SCRIPT;
}

export function packageReadme(target: PackageTarget): string {
  const script = INSTALL_SCRIPT_NAME[target];
  const text = [
    'Runtime Hub worker, one executable.',
    '',
    `Install: ${target === 'win-x64' ? `.\\${script} -Url https://hub:4000 -EnrollToken rhe_... (elevated PowerShell)` : `sudo ./${script} --url http://hub:4000 --enroll-token rhe_...`}`,
    `Run by hand: ${target === 'win-x64' ? 'runtime-hub-worker.exe' : './runtime-hub-worker'} --url http://hub:4000 --enroll-token rhe_... [--labels a,b] [--desktop]`,
    'policy.json: the capabilities this host denies, e.g. { "deny": ["shell:powershell"] }; the installer keeps an existing one.',
    '',
  ].join('\n');
  return target === 'win-x64' ? text.replace(/\n/g, '\r\n') : text;
}
