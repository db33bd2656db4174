import { NonRetryableError } from './non-retryable.error';
import { RetryableError } from './retryable.error';
import { toIoFailure } from './io-failure';

function systemError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: something, open '/x'`), { code });
}

describe('toIoFailure', () => {
  it.each(['ENOENT', 'ENOTDIR', 'EISDIR', 'EEXIST', 'ENOTEMPTY'])('treats %s as permanent', (code) => {
    const failure = toIoFailure(systemError(code), 'read', '/x');

    expect(failure).toBeInstanceOf(NonRetryableError);
    expect(failure.code).toBe('IO_ERROR');
    expect(failure.details).toEqual({ path: '/x', errno: code });
  });

  it.each(['EBUSY', 'EPERM', 'EACCES', 'ENOSPC', 'EMFILE'])('lets %s be retried (a lock or a full disk clears up)', (code) => {
    expect(toIoFailure(systemError(code), 'write', '/x')).toBeInstanceOf(RetryableError);
  });

  it('names the action and the path', () => {
    expect(toIoFailure(systemError('ENOENT'), 'read', 'C:/data/a.txt').message).toBe("cannot read C:/data/a.txt: ENOENT: something, open '/x'");
  });
});
