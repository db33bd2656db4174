import { killTreeInvocation, processKillByImageInvocation, windowsKillInvocation } from './kill-tree.plan';

const GRACE_MS = 1_234;

describe('killTreeInvocation', () => {
  it('ends a Windows tree with taskkill /T /F', () => {
    expect(killTreeInvocation(4242, 'windows', GRACE_MS)).toEqual({
      kind: 'command',
      invocation: { file: 'taskkill', args: ['/PID', '4242', '/T', '/F'] },
    });
  });

  it.each(['linux', 'darwin'] as const)('signals the process group on %s, SIGTERM then SIGKILL', (os) => {
    expect(killTreeInvocation(4242, os, GRACE_MS)).toEqual({
      kind: 'process-group',
      processGroupId: 4242,
      firstSignal: 'SIGTERM',
      finalSignal: 'SIGKILL',
      graceMs: GRACE_MS,
    });
  });

  it.each([0, -1, -4242, 1.5, Number.NaN])('refuses %p, which kill() reads as a group or every process', (pid) => {
    expect(() => killTreeInvocation(pid, 'linux', GRACE_MS)).toThrow(RangeError);
    expect(() => killTreeInvocation(pid, 'windows', GRACE_MS)).toThrow(RangeError);
  });
});

describe('windowsKillInvocation', () => {
  it('ends one process without /T', () => {
    expect(windowsKillInvocation(7, { tree: false })).toEqual({ file: 'taskkill', args: ['/PID', '7', '/F'] });
  });
});

describe('processKillByImageInvocation', () => {
  it('builds taskkill /IM with the tree switch and the agent excluded', () => {
    expect(processKillByImageInvocation('notepad.exe', { tree: true, exceptPid: 99 })).toEqual({
      file: 'taskkill',
      args: ['/IM', 'notepad.exe', '/FI', 'PID ne 99', '/T', '/F'],
    });
    expect(processKillByImageInvocation('my app.exe', { tree: false })).toEqual({ file: 'taskkill', args: ['/IM', 'my app.exe', '/F'] });
  });

  it.each(['*', 'note*.exe', 'n?tepad.exe', 'C:\\Windows\\notepad.exe', 'bin/node', '  '])('refuses %j, not an exact image name', (image) => {
    expect(() => processKillByImageInvocation(image, { tree: true })).toThrow(RangeError);
  });
});
