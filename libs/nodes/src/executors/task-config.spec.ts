import { NonRetryableError } from '../errors/non-retryable.error';
import { shellDefinition } from '../definitions/shell/shell.definition';
import { processKillDefinition } from '../definitions/process/process-kill.definition';
import { formatConfigPath, parseNodeConfig } from './task-config';

describe('formatConfigPath', () => {
  it('writes keys with dots and indexes in brackets', () => {
    expect(formatConfigPath(['args', 0, 'name'])).toBe('config.args[0].name');
    expect(formatConfigPath([])).toBe('config');
  });
});

describe('parseNodeConfig', () => {
  it('returns the parsed config with defaults filled', () => {
    expect(parseNodeConfig(shellDefinition, { shell: 'sh', script: 'true' })).toEqual({ shell: 'sh', script: 'true', okExitCodes: [0] });
  });

  it('fails with CONFIG_INVALID naming every wrong field', () => {
    let caught: unknown;
    try {
      parseNodeConfig(shellDefinition, { shell: 'fish', script: 'true', okExitCodes: [0, 'one'] });
    } catch (error) {
      caught = error;
    }

    expect(caught).toBeInstanceOf(NonRetryableError);
    const error = caught as NonRetryableError;
    expect(error.code).toBe('CONFIG_INVALID');
    expect(error.message).toMatch(/^invalid shell config: config\.shell: .*; config\.okExitCodes\[1\]: /);
    expect(error.details).toEqual({
      nodeType: 'shell',
      issues: [
        { path: 'config.shell', message: expect.any(String) },
        { path: 'config.okExitCodes[1]', message: expect.any(String) },
      ],
    });
  });

  it('names the whole config for rules across fields', () => {
    expect(() => parseNodeConfig(processKillDefinition, { pid: 1, image: 'a.exe' })).toThrow(/config: set exactly one of pid/);
  });

  it('reports a misspelled key', () => {
    expect(() => parseNodeConfig(shellDefinition, { shell: 'sh', script: 'true', scirpt: 'x' })).toThrow(/config: .*scirpt/);
  });
});
