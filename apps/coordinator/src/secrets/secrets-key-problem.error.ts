/** The stored secrets and the configured keys do not fit: the coordinator does not start. */
export class SecretsKeyProblemError extends Error {
  override readonly name = 'SecretsKeyProblemError';
}
