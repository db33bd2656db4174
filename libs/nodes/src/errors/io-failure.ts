import { NonRetryableError } from './non-retryable.error';
import { RetryableError } from './retryable.error';
import { errorMessage, systemErrorCode } from './error-shape';

/**
 * File-system error codes that another attempt would meet again: the path is wrong, not the
 * moment. Every other code (EBUSY, EPERM and EACCES from a file an antivirus holds open on
 * Windows, ENOSPC, EMFILE) may clear up, so it is retryable, as IO_ERROR is by default.
 */
const PERMANENT_IO_CODES: ReadonlySet<string> = new Set([
  'ENOENT',
  'ENOTDIR',
  'EISDIR',
  'EEXIST',
  'ENOTEMPTY',
  'EINVAL',
  'ENAMETOOLONG',
  'ELOOP',
]);


/**
 * An `IO_ERROR` for a failed file operation, named by what was being done and on which path:
 * `cannot read C:/x.log: ENOENT: no such file or directory`.
 */
export function toIoFailure(error: unknown, action: string, path: string): NonRetryableError | RetryableError {
  const code = systemErrorCode(error);
  const message = `cannot ${action} ${path}: ${errorMessage(error)}`;
  const details = { path, ...(code === undefined ? {} : { errno: code }) };
  if (code !== undefined && PERMANENT_IO_CODES.has(code)) {
    return new NonRetryableError('IO_ERROR', message, { details, cause: error });
  }
  return new RetryableError('IO_ERROR', message, { details, cause: error });
}
