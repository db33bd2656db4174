import { z } from 'zod';

/**
 * Socket.IO acknowledgements. A handler that takes an ack always calls it, with `{ ok: true }`
 * or with an error that names what was wrong and where, so a sender never waits on a message
 * the receiver refused (ARCHITECTURE.md, "Bad input never crashes a process").
 */
export const AckErrorCodeSchema = z.enum([
  /** The payload failed its schema; `issues` lists each problem with its path. */
  'INVALID_MESSAGE',
  /** The sender is not authenticated, or not allowed to send this. */
  'UNAUTHORIZED',
  /** The agent was revoked; it must stop and re-enroll. */
  'REVOKED',
  /** The run, node or agent named by the message does not exist. */
  'NOT_FOUND',
  /** The message is about a state that moved on (a stale attempt, a finished run). */
  'CONFLICT',
  /** The receiver failed; the sender may try again. */
  'INTERNAL',
]);
export type AckErrorCode = z.infer<typeof AckErrorCodeSchema>;

export const MessageIssueSchema = z.strictObject({
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
});
export type MessageIssue = z.infer<typeof MessageIssueSchema>;

export const AckErrorSchema = z.strictObject({
  code: AckErrorCodeSchema,
  message: z.string(),
  issues: z.array(MessageIssueSchema).optional(),
});
export type AckError = z.infer<typeof AckErrorSchema>;

export const AckOkSchema = z.strictObject({ ok: z.literal(true) });
export const AckFailureSchema = z.strictObject({ ok: z.literal(false), error: AckErrorSchema });
export type AckFailure = z.infer<typeof AckFailureSchema>;

export const AckSchema = z.discriminatedUnion('ok', [AckOkSchema, AckFailureSchema]);
export type Ack = z.infer<typeof AckSchema>;

/** An ack callback as Socket.IO hands it to an event handler. */
export type AckCallback<Response = Ack> = (response: Response) => void;

/**
 * The ack a gateway returns for a payload that failed its schema: one issue per zod issue,
 * each with its path (`samples.3.value: expected number`).
 */
export function invalidMessageAck(event: string, error: z.ZodError): AckFailure {
  const issues = error.issues.map((issue) => ({
    path: issue.path.map((key) => (typeof key === 'number' ? key : String(key))),
    message: issue.message,
  }));
  const summary = issues.map((issue) => `${issue.path.join('.') || '(message)'}: ${issue.message}`).join('; ');
  return { ok: false, error: { code: 'INVALID_MESSAGE', message: `${event}: ${summary}`, issues } };
}
