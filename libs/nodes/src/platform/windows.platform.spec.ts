import { NonRetryableError } from '../errors/non-retryable.error';
import { TASKKILL_NOT_FOUND_EXIT_CODE, countTaskkillSuccesses, taskkillOutcome } from './windows.platform';

const TASKKILL = { file: 'taskkill', args: ['/PID', '42', '/T', '/F'] };

describe('taskkill results', () => {
  it('counts one stdout line per ended process, whatever the language', () => {
    const stdout = [
      'SUCCESS: The process with PID 43 (child process of PID 42) has been terminated.',
      'ERFOLGREICH: Der Prozess mit PID 42 (untergeordneter Prozess von PID 7) wurde beendet.',
      '',
    ].join('\r\n');

    expect(countTaskkillSuccesses(stdout)).toBe(2);
    expect(taskkillOutcome(TASKKILL, { exitCode: 0, stdout, stderr: '' })).toBe(2);
  });

  it('reads "not found" as nothing left to end', () => {
    expect(taskkillOutcome(TASKKILL, { exitCode: TASKKILL_NOT_FOUND_EXIT_CODE, stdout: '', stderr: 'ERROR: The process "42" not found.' })).toBe(0);
  });

  it('fails on any other exit code, with taskkill stderr', () => {
    const result = { exitCode: 1, stdout: '', stderr: 'ERROR: The process with PID 42 could not be terminated. Access is denied.' };

    expect(() => taskkillOutcome(TASKKILL, result)).toThrow(NonRetryableError);
    expect(() => taskkillOutcome(TASKKILL, result)).toThrow(/Access is denied/);
  });
});
