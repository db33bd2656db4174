/**
 * A live workflow already has this name (names are unique among workflows that are not
 * archived). `existingId` is that workflow, when it could be read.
 */
export class WorkflowNameTakenError extends Error {
  override readonly name = 'WorkflowNameTakenError';

  constructor(
    readonly workflowName: string,
    readonly existingId: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(`a workflow named "${workflowName}" already exists${existingId ? ` (id ${existingId})` : ''}`, options);
  }
}
