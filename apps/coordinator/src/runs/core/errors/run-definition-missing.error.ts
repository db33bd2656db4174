/** A run refers to a workflow version that is not stored (or no longer parses): a bug or a damaged database. */
export class RunDefinitionMissingError extends Error {
  override readonly name = 'RunDefinitionMissingError';

  constructor(
    readonly workflowId: string,
    readonly version: number,
    options?: { cause?: unknown },
  ) {
    super(`workflow "${workflowId}" version ${version} is not stored or does not parse`, options);
  }
}
