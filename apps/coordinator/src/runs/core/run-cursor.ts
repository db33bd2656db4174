import { z } from 'zod';
import { IsoTimestampSchema, RunIdSchema } from '@runtime-hub/protocol';

/**
 * The run list's page cursor: the (created_at, id) of the last run of a page, as opaque
 * base64url. The list is ordered by created_at desc, id desc, and the next page starts
 * strictly after the cursor (keyset pagination), so runs started meanwhile never shift a
 * page. Run rows are written with millisecond timestamps, so the cursor's ISO time is exact.
 */
export const RunCursorSchema = z.strictObject({ createdAt: IsoTimestampSchema, id: RunIdSchema });
export type RunCursor = z.infer<typeof RunCursorSchema>;

export function encodeRunCursor(createdAt: Date, id: string): string {
  const cursor: RunCursor = { createdAt: createdAt.toISOString(), id };
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

/** The cursor, or null when the text is not one this coordinator wrote. */
export function decodeRunCursor(text: string): { createdAt: Date; id: string } | null {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const parsed = RunCursorSchema.safeParse(json);
  if (!parsed.success) return null;
  return { createdAt: new Date(parsed.data.createdAt), id: parsed.data.id };
}
