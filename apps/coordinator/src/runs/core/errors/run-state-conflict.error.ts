import type { RunStatus } from '@runtime-hub/protocol';

/** The run is in a state that does not allow the action (retry a run that did not fail; REST: 409). */
export class RunStateConflictError extends Error {
  override readonly name = 'RunStateConflictError';

  constructor(
    readonly runId: string,
    readonly status: RunStatus,
    readonly action: 'retry' | 'cancel',
    readonly allowedWhen: string,
    options?: { cause?: unknown },
  ) {
    super(`run "${runId}" is ${status}: ${action} is only possible when ${allowedWhen}`, options);
  }
}
