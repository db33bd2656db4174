/**
 * Helpers for messages arriving on a Socket.IO connection: separating the ack callback from
 * the payload, and measuring a payload against the message size limit.
 */

export type AckFunction = (response: unknown) => void;

/** Socket.IO passes the ack callback as the last argument when the sender asked for one. */
export function splitAck(args: readonly unknown[]): { payload: unknown; ack: AckFunction | undefined } {
  const last = args[args.length - 1];
  if (args.length > 0 && typeof last === 'function') return { payload: args.length > 1 ? args[0] : undefined, ack: last as AckFunction };
  return { payload: args[0], ack: undefined };
}

/** Size of a payload as JSON, in bytes (binary attachments count as their JSON form). */
export function messageBytes(payload: unknown): number {
  if (payload === undefined) return 0;
  try {
    return Buffer.byteLength(JSON.stringify(payload) ?? '', 'utf8');
  } catch {
    // Not representable as JSON (cannot come off the wire); no schema will accept it either.
    return 0;
  }
}

export function tooLargeMessage(event: string, bytes: number, limitBytes: number): string {
  return `${event}: the message is ${bytes} bytes, over the limit of ${limitBytes} bytes`;
}
