import { RETRYABLE_HTTP_STATUSES, isJsonContentType, parseRetryAfterMs } from './http-status';

const NOW = Date.parse('2025-01-31T08:00:00.000Z');

describe('parseRetryAfterMs', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfterMs('120', NOW)).toBe(120_000);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    expect(parseRetryAfterMs('Fri, 31 Jan 2025 08:00:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfterMs('Fri, 31 Jan 2025 07:00:00 GMT', NOW)).toBe(0);
  });

  it('ignores a missing or unreadable header', () => {
    expect(parseRetryAfterMs(null, NOW)).toBeUndefined();
    expect(parseRetryAfterMs('soon', NOW)).toBeUndefined();
  });
});

describe('isJsonContentType', () => {
  it.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    ['Application/Problem+JSON', true],
    ['text/plain', false],
    ['text/json-ish', false],
    [null, false],
  ])('%j: %p', (contentType, expected) => {
    expect(isJsonContentType(contentType)).toBe(expected);
  });
});

describe('RETRYABLE_HTTP_STATUSES', () => {
  it('retries throttling and unavailability, not client errors', () => {
    expect([429, 503, 502].every((status) => RETRYABLE_HTTP_STATUSES.has(status))).toBe(true);
    expect([400, 401, 404, 422, 501].some((status) => RETRYABLE_HTTP_STATUSES.has(status))).toBe(false);
  });
});
