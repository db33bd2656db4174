import { OutputTooLargeError } from '../../errors/output-too-large.error';

/**
 * Reads a response body, refusing it as soon as it passes `maxBytes`: a body larger than the
 * whole output allowed could never be returned, so there is no point downloading the rest.
 */
export async function readBodyAtMost(response: Response, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw new OutputTooLargeError(declared, maxBytes, 'the response body');
  }
  if (response.body === null) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.byteLength;
    if (length > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new OutputTooLargeError(length, maxBytes, 'the response body', { sizeIsLowerBound: true });
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, length);
}
