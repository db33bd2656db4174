import { effectiveExitCode } from './shell.executor';

describe('effectiveExitCode', () => {
  it('is the exit code when the process exited', () => {
    expect(effectiveExitCode({ exitCode: 3, exitSignal: null })).toBe(3);
  });

  it('is 128 + the signal number when a signal ended the process', () => {
    expect(effectiveExitCode({ exitCode: null, exitSignal: 'SIGKILL' })).toBe(137);
    expect(effectiveExitCode({ exitCode: null, exitSignal: 'SIGTERM' })).toBe(143);
  });
});
