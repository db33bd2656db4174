/** Items of a batch that cannot run: one problem per item input (`items[3].inputs.count: expected number, got string`). */
export class BatchItemsInvalidError extends Error {
  override readonly name = 'BatchItemsInvalidError';
  constructor(
    readonly problems: readonly string[],
    /** Problems beyond those listed. */
    readonly more: number,
    options?: { cause?: unknown },
  ) {
    super(`invalid batch items: ${problems.join('; ')}${more > 0 ? `; and ${more} more` : ''}`, options);
  }
}
