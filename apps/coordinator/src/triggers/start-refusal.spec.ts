import { HttpStatus } from '@nestjs/common';
import { ApiError } from '../openapi/api-error';
import { SecretsUnknownError } from '../runs/core/errors/secrets-unknown.error';
import { TargetsUnmatchedError } from '../runs/core/errors/targets-unmatched.error';
import { startRefusal } from './start-refusal';

describe('startRefusal (a fire or a batch item records it instead of trying again)', () => {
  it('names a start that can never succeed: unknown secrets, unmatched targets, a 400 or 404', () => {
    expect(startRefusal(new SecretsUnknownError(['DB_PASSWORD']))).toBe(
      'the workflow references secrets that do not exist: secrets.DB_PASSWORD (create them with `runtime-hub secrets set NAME`)',
    );
    expect(startRefusal(new TargetsUnmatchedError([{ nodeId: 'a', message: 'no agent has labels [x]' }]))).toContain('no agent has labels [x]');
    expect(startRefusal(ApiError.notFound('no workflow "w"'))).toBe('no workflow "w"');
  });

  it('leaves anything else to be tried again', () => {
    expect(startRefusal(new Error('connection refused'))).toBeNull();
    expect(startRefusal(new ApiError(HttpStatus.CONFLICT, 'CONFLICT', 'busy'))).toBeNull();
  });
});
