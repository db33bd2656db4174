import type { AckError } from '@runtime-hub/protocol';
import { findUnsafeInput, inputPathText } from '../edge/unsafe-input';

/**
 * Helpers for messages arriving on a Socket.IO connection: separating the ack callback from
 * the payload, and the checks every message passes before its schema.
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

/**
 * The edge checks of every inbound message of `/agents` and `/live`, before its schema: its
 * size, then unsafe input (NUL, lone surrogates, nesting deeper than RH_MAX_JSON_DEPTH) named
 * by its path (`task:result: output.rows.3.name: contains a NUL character ...`).
 */
export function inboundMessageProblem(event: string, payload: unknown, limits: { readonly maxMessageBytes: number; readonly maxJsonDepth: number }): AckError | undefined {
  const bytes = messageBytes(payload);
  if (bytes > limits.maxMessageBytes) return { code: 'INVALID_MESSAGE', message: tooLargeMessage(event, bytes, limits.maxMessageBytes) };
  const unsafe = findUnsafeInput(payload, limits.maxJsonDepth);
  if (!unsafe) return undefined;
  return {
    code: 'INVALID_MESSAGE',
    message: `${event}: ${inputPathText('', unsafe.path) || '(message)'}: ${unsafe.message}`,
    issues: [{ path: [...unsafe.path], message: unsafe.message }],
  };
}
