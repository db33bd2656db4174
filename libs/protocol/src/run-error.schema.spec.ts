import { RETRYABLE_BY_DEFAULT, RunErrorCodeSchema, isRetryableByDefault } from './run-error-code.schema';
import { RunErrorSchema } from './run-error.schema';

describe('RunErrorSchema', () => {
  it('round-trips an error through JSON', () => {
    const error = {
      code: 'EXIT_CODE' as const,
      message: 'powershell exited with 3',
      retryable: false,
      nodeId: 'clean',
      details: { exitCode: 3, stderrTail: ['Access is denied.'] },
    };
    expect(RunErrorSchema.parse(JSON.parse(JSON.stringify(error)))).toEqual(error);
  });

  it('names the field that is wrong', () => {
    const result = RunErrorSchema.safeParse({ code: 'BOOM', message: 'x', retryable: 'yes' });
    expect(result.success).toBe(false);
    const paths = result.error!.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(['code', 'retryable']);
  });

  it('refuses a node id that is not a node id', () => {
    const result = RunErrorSchema.safeParse({ code: 'INTERNAL', message: 'x', retryable: true, nodeId: 'a-b' });
    expect(result.error!.issues[0]!.path).toEqual(['nodeId']);
  });
});

describe('RETRYABLE_BY_DEFAULT', () => {
  it('decides every code', () => {
    expect(Object.keys(RETRYABLE_BY_DEFAULT).sort()).toEqual([...RunErrorCodeSchema.options].sort());
  });

  it('retries transient failures and not deterministic ones', () => {
    expect(isRetryableByDefault('TIMEOUT')).toBe(true);
    expect(isRetryableByDefault('AGENT_LOST')).toBe(true);
    expect(isRetryableByDefault('INTERNAL')).toBe(true);
    expect(isRetryableByDefault('CONFIG_INVALID')).toBe(false);
    expect(isRetryableByDefault('CANCELLED')).toBe(false);
    expect(isRetryableByDefault('NODE_FAILED')).toBe(false);
  });
});
