/** The definition references secrets the store does not hold (REST: 400 SECRET_UNKNOWN naming each). */
export class SecretsUnknownError extends Error {
  override readonly name = 'SecretsUnknownError';

  constructor(
    readonly names: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`the workflow references secrets that do not exist: ${names.map((name) => `secrets.${name}`).join(', ')} (create them with \`runtime-hub secrets set NAME\`)`, options);
  }
}
