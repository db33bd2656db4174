/** Flags that make no sense (`--repeat 0`, `--only nothing`); each problem names its flag. */
export class BenchOptionsError extends Error {
  override readonly name = 'BenchOptionsError';

  constructor(
    readonly problems: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(problems.join('; '), options);
  }
}
