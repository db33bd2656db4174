import { NonRetryableError } from '../errors/non-retryable.error';
import { OutputTooLargeError } from '../errors/output-too-large.error';
import { toTransportableOutput } from './task-output';

describe('toTransportableOutput', () => {
  it('returns what JSON carries: dates as strings, undefined fields gone, undefined as null', () => {
    const at = new Date('2025-01-31T08:00:00.000Z');

    expect(toTransportableOutput({ at, gone: undefined, n: 1 }, 1_000)).toEqual({ at: '2025-01-31T08:00:00.000Z', n: 1 });
    expect(toTransportableOutput(undefined, 1_000)).toBeNull();
  });

  it('measures UTF-8 bytes, not characters', () => {
    // "é" is one character, two bytes; the JSON string "éééé" is 10 bytes with its quotes.
    expect(toTransportableOutput('éééé', 10)).toBe('éééé');
    expect(() => toTransportableOutput('ééééé', 10)).toThrow(OutputTooLargeError);
  });

  it('names both sizes when refusing', () => {
    expect(() => toTransportableOutput({ data: 'x'.repeat(100) }, 50)).toThrow('the node output is 111 bytes, over the limit of 50 bytes');
  });

  it('refuses what JSON cannot carry as a non-retryable bug', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;

    expect(() => toTransportableOutput(circular, 1_000)).toThrow(NonRetryableError);
    expect(() => toTransportableOutput({ n: BigInt(1) }, 1_000)).toThrow(/cannot be serialized/);
  });
});
