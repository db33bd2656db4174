import type { NotificationDeliveryRow, NotificationRuleRow } from '@runtime-hub/db';
import type { BatchRecord, NotificationDeliveryRecord, NotificationEvent, NotificationPayload, NotificationRuleRecord, RunSummary } from '@runtime-hub/protocol';

/** What a notification says, built once when the subject ended, so every try sends the same. Pure. */

/** The event of a run's end, if it is one rules care about: a cancelled run is neither. */
export function runEvent(run: RunSummary): NotificationEvent | null {
  return run.status === 'failed' || run.status === 'succeeded' ? run.status : null;
}

export function batchEvent(batch: BatchRecord): NotificationEvent {
  return batch.progress.failed > 0 ? 'failed' : 'succeeded';
}

export function runPayload(run: RunSummary, event: NotificationEvent, rule: NotificationRuleRow, sentAt: Date): NotificationPayload {
  return {
    event,
    subjectKind: 'run',
    subjectId: run.id,
    scope: rule.scope,
    scopeId: rule.scopeId,
    summary: `run ${run.id} of "${run.workflowName}" ${run.status}${run.error ? `: ${run.error.message}` : ''}`,
    subject: run,
    path: `/runs/${run.id}`,
    sentAt: sentAt.toISOString(),
  };
}

export function batchPayload(batch: BatchRecord, event: NotificationEvent, rule: NotificationRuleRow, sentAt: Date): NotificationPayload {
  const { succeeded, failed, cancelled, total } = batch.progress;
  return {
    event,
    subjectKind: 'batch',
    subjectId: batch.id,
    scope: rule.scope,
    scopeId: rule.scopeId,
    summary: `batch "${batch.name}" of "${batch.workflowName}" finished: ${succeeded} succeeded, ${failed} failed, ${cancelled} cancelled of ${total}`,
    subject: batch,
    path: `/batches/${batch.id}`,
    sentAt: sentAt.toISOString(),
  };
}

/** The email a payload makes: the subject names what ended and how, the text says the rest. */
export function mailOf(payload: NotificationPayload, name: string): { subject: string; text: string } {
  return {
    subject: `[Runtime Hub] ${payload.subjectKind} ${payload.event}: ${name.slice(0, SUBJECT_NAME_MAX_CHARS)}`,
    text: [payload.summary, '', `In the dashboard: ${payload.path}`, `Watched by: ${payload.scope} ${payload.scopeId}`, `Sent: ${payload.sentAt}`].join('\n'),
  };
}

/** Names longer than this are cut in a subject: mail clients show a line of it. */
const SUBJECT_NAME_MAX_CHARS = 100;

/** The workflow or batch a payload is about, by name. */
export function subjectName(payload: NotificationPayload): string {
  const subject = payload.subject as { workflowName?: unknown; name?: unknown };
  const name = payload.subjectKind === 'batch' ? subject.name : subject.workflowName;
  return typeof name === 'string' ? name : payload.subjectId;
}

export function toRuleRecord(row: NotificationRuleRow): NotificationRuleRecord {
  return { id: row.id, scope: row.scope, scopeId: row.scopeId, onSuccess: row.onSuccess, channel: row.channel, target: row.target, createdAt: row.createdAt.toISOString() };
}

export function toDeliveryRecord(delivery: NotificationDeliveryRow, rule: NotificationRuleRow): NotificationDeliveryRecord {
  return {
    id: delivery.id,
    ruleId: delivery.ruleId,
    event: delivery.event,
    subjectKind: delivery.subjectKind,
    subjectId: delivery.subjectId,
    channel: rule.channel,
    target: rule.target,
    status: delivery.status,
    attempts: delivery.attempts,
    lastError: delivery.lastError,
    createdAt: delivery.createdAt.toISOString(),
    sentAt: delivery.sentAt?.toISOString() ?? null,
  };
}
