import { isZombie, parseCsvLine, parsePsOutput, parseTasklistCsv, processListInvocation } from './process-list.parse';

describe('processListInvocation', () => {
  it('asks tasklist for CSV without a header on Windows', () => {
    expect(processListInvocation('windows')).toEqual({ file: 'tasklist', args: ['/FO', 'CSV', '/NH'] });
  });

  it('asks ps for pid, parent, group, state and name without a header elsewhere', () => {
    expect(processListInvocation('linux')).toEqual({ file: 'ps', args: ['-eo', 'pid=,ppid=,pgid=,stat=,comm='] });
    expect(processListInvocation('darwin')).toEqual(processListInvocation('linux'));
  });
});

describe('parseTasklistCsv', () => {
  it('reads rows with localized memory columns and quoted commas', () => {
    const output = [
      '"System Idle Process","0","Services","0","8 K"',
      '"notepad.exe","4242","Console","1","12,345 K"',
      '"odd ""name"", really.exe","77","RDP-Tcp#3","2","1.024 K"',
      '"svchost.exe","900","Services","0","3\u00a0456 K"',
      '',
    ].join('\r\n');

    expect(parseTasklistCsv(output)).toEqual([
      { pid: 0, name: 'System Idle Process', sessionName: 'Services', memoryKb: 8 },
      { pid: 4242, name: 'notepad.exe', sessionName: 'Console', memoryKb: 12345 },
      { pid: 77, name: 'odd "name", really.exe', sessionName: 'RDP-Tcp#3', memoryKb: 1024 },
      { pid: 900, name: 'svchost.exe', sessionName: 'Services', memoryKb: 3456 },
    ]);
  });

  it('skips the message tasklist prints when nothing matches', () => {
    expect(parseTasklistCsv('INFO: No tasks are running which match the specified criteria.\r\n')).toEqual([]);
  });

  it('skips rows whose pid is not a number', () => {
    expect(parseTasklistCsv('"a.exe","x","Console","1","1 K"')).toEqual([]);
  });
});

describe('parseCsvLine', () => {
  it('splits on commas outside quotes only', () => {
    expect(parseCsvLine('"a,b","c""d",e,""')).toEqual(['a,b', 'c"d', 'e', '']);
  });
});

describe('parsePsOutput', () => {
  it('reads pid, parent, group, state and names holding spaces', () => {
    const output = ['    1     0     1 Ss   systemd', ' 4242     1  4242 S    Web Content', '  77  4242  4242 Z    sleep', 'garbage', ''].join('\n');

    expect(parsePsOutput(output)).toEqual([
      { pid: 1, parentPid: 0, groupId: 1, state: 'Ss', name: 'systemd' },
      { pid: 4242, parentPid: 1, groupId: 4242, state: 'S', name: 'Web Content' },
      { pid: 77, parentPid: 4242, groupId: 4242, state: 'Z', name: 'sleep' },
    ]);
  });

  it('recognizes zombies by their state', () => {
    const [running, zombie] = parsePsOutput('1 0 1 S a\n2 1 1 Z+ b\n');

    expect(isZombie(running!)).toBe(false);
    expect(isZombie(zombie!)).toBe(true);
    expect(isZombie({ pid: 3, name: 'windows has no state' })).toBe(false);
  });
});
