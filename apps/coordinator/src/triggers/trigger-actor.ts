/** Who started (or cancelled) a run on a trigger's behalf: `schedule:<name>`, `batch:<name>`, `webhook:<name>`, as `runs.started_by` / `runs.cancelled_by` record it. */
export type TriggerKind = 'schedule' | 'batch' | 'webhook';

export function triggerActor(kind: TriggerKind, name: string): string {
  return `${kind}:${name}`;
}
