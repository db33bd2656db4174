import { systemdQuote, systemdUnit } from './systemd-unit';
import { logonTaskXml, restrictToAdministrators, windowsArguments, winswServiceXml } from './windows-service-files';
import type { InstallSpec } from './install.spec-types';

const WINDOWS: InstallSpec = {
  launch: { program: 'C:\\Program Files\\Runtime Hub\\runtime-hub-worker.exe', prefixArgs: [], workerArgs: ['--url', 'https://hub.example', '--labels', 'windows,finance', '--name', 'PC 7'] },
  enrollToken: 'rhe_secret&<token>',
  dataDir: 'C:\\ProgramData\\Runtime Hub\\service',
  policyFile: 'C:\\ProgramData\\Runtime Hub\\policy.json',
};

const LINUX: InstallSpec = {
  launch: { program: '/usr/bin/node', prefixArgs: ['/opt/runtime hub/bin/runtime-hub.js', 'worker'], workerArgs: ['--url', 'http://hub:4000', '--labels', 'linux,100%'] },
  enrollToken: 'rhe_x',
  dataDir: '/var/lib/runtime-hub',
  policyFile: '/etc/runtime-hub/policy.json',
};

describe('WinSW service XML', () => {
  const xml = winswServiceXml(WINDOWS);

  it('runs the worker with its flags and the administrators policy, quoted for the Windows command line', () => {
    expect(xml).toContain('<executable>C:\\Program Files\\Runtime Hub\\runtime-hub-worker.exe</executable>');
    expect(xml).toContain(
      '<arguments>--url https://hub.example --labels windows,finance --name &quot;PC 7&quot; --policy &quot;C:\\ProgramData\\Runtime Hub\\policy.json&quot;</arguments>',
    );
  });

  it('passes the data directory and the enroll token as environment, escaped', () => {
    expect(xml).toContain('<env name="RH_DATA_DIR" value="C:\\ProgramData\\Runtime Hub\\service"/>');
    expect(xml).toContain('<env name="RH_ENROLL_TOKEN" value="rhe_secret&amp;&lt;token&gt;"/>');
    expect(winswServiceXml({ ...WINDOWS, enrollToken: undefined })).not.toContain('RH_ENROLL_TOKEN');
  });

  it('starts automatically, restarts with backoff after failures and stops within the hand-back time', () => {
    expect(xml).toContain('<startmode>Automatic</startmode>');
    expect(xml.match(/<onfailure action="restart" delay="(\d+) sec"\/>/g)).toEqual([
      '<onfailure action="restart" delay="10 sec"/>',
      '<onfailure action="restart" delay="30 sec"/>',
      '<onfailure action="restart" delay="60 sec"/>',
    ]);
    expect(xml).toContain('<resetfailure>1 hour</resetfailure>');
    expect(xml).toContain('<stoptimeout>30 sec</stoptimeout>');
    expect(xml.startsWith('<service>\r\n  <id>runtime-hub-worker</id>')).toBe(true);
  });
});

describe('logon task XML', () => {
  const xml = logonTaskXml(WINDOWS, 'CORP\\alice');

  it('starts the desktop worker at the user logon, in the user session, without elevation', () => {
    expect(xml).toContain('<LogonTrigger><Enabled>true</Enabled><UserId>CORP\\alice</UserId></LogonTrigger>');
    expect(xml).toContain('<LogonType>InteractiveToken</LogonType><RunLevel>LeastPrivilege</RunLevel>');
    expect(xml).toContain('<ExecutionTimeLimit>PT0S</ExecutionTimeLimit>');
    expect(xml).toContain('<RestartOnFailure><Interval>PT1M</Interval><Count>999</Count></RestartOnFailure>');
    expect(xml).toContain('--name &quot;PC 7&quot; --desktop --policy &quot;C:\\ProgramData\\Runtime Hub\\policy.json&quot;</Arguments>');
  });
});

describe('icacls grants', () => {
  it('cuts inheritance and grants by well-known SID, so any system language works', () => {
    expect(restrictToAdministrators('C:\\ProgramData\\Runtime Hub\\policy.json', { directory: false, readers: true })).toEqual({
      file: 'icacls',
      args: ['C:\\ProgramData\\Runtime Hub\\policy.json', '/inheritance:r', '/grant:r', '*S-1-5-18:F', '/grant:r', '*S-1-5-32-544:F', '/grant:r', '*S-1-5-32-545:RX'],
    });
    expect(restrictToAdministrators('D:\\data', { directory: true, owner: 'CORP\\alice' }).args).toEqual([
      'D:\\data',
      '/inheritance:r',
      '/grant:r',
      '*S-1-5-18:(OI)(CI)F',
      '/grant:r',
      '*S-1-5-32-544:(OI)(CI)F',
      '/grant:r',
      'CORP\\alice:(OI)(CI)M',
    ]);
  });

  it('quotes arguments by the MSVCRT rules', () => {
    expect(windowsArguments(['a b', 'c"d', 'C:\\x\\'])).toBe('"a b" "c\\"d" C:\\x\\');
  });
});

describe('systemd unit', () => {
  const unit = systemdUnit(LINUX, { user: 'runtime-hub', envFile: '/etc/runtime-hub/worker.env' });

  it('runs as its own user, restarts on failure, reads the token from a root-only file', () => {
    expect(unit).toContain('User=runtime-hub\n');
    expect(unit).toContain('Restart=on-failure\nRestartSec=10\n');
    expect(unit).toContain('EnvironmentFile=-/etc/runtime-hub/worker.env\n');
    expect(unit).toContain('TimeoutStopSec=30\n');
    expect(unit).toContain('WantedBy=multi-user.target\n');
  });

  it('keeps the system read-only except the state directory', () => {
    expect(unit).toContain('NoNewPrivileges=true\nProtectSystem=strict\nProtectHome=true\nPrivateTmp=true\nReadWritePaths=/var/lib/runtime-hub\n');
  });

  it('quotes ExecStart words for systemd, with no specifier or variable expanded', () => {
    expect(unit).toContain(
      'ExecStart=/usr/bin/node "/opt/runtime hub/bin/runtime-hub.js" worker --url http://hub:4000 --labels "linux,100%%" --policy /etc/runtime-hub/policy.json\n',
    );
    expect(systemdQuote('a"b\\c$HOME')).toBe('"a\\"b\\\\c$$HOME"');
  });
});
