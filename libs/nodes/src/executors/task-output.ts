import { NonRetryableError } from '../errors/non-retryable.error';
import { OutputTooLargeError } from '../errors/output-too-large.error';
import { errorMessage } from '../errors/error-shape';

/**
 * The output as it will travel: serialized to JSON once, measured in UTF-8 bytes against the
 * limit, and parsed back so the caller returns exactly what the coordinator will record
 * (Dates become strings, `undefined` fields disappear). `undefined` itself becomes `null`.
 */
export function toTransportableOutput(output: unknown, maxOutputBytes: number): unknown {
  let json: string | undefined;
  try {
    json = JSON.stringify(output);
  } catch (error) {
    throw new NonRetryableError('INTERNAL', `the node output cannot be serialized to JSON: ${errorMessage(error)}`, { cause: error });
  }
  if (json === undefined) return null;
  const sizeBytes = Buffer.byteLength(json, 'utf8');
  if (sizeBytes > maxOutputBytes) throw new OutputTooLargeError(sizeBytes, maxOutputBytes, 'the node output');
  return JSON.parse(json) as unknown;
}
