/** The coordinator answered a bench request with an unexpected status. */
export class HubRequestError extends Error {
  override readonly name = 'HubRequestError';

  constructor(
    readonly method: string,
    readonly route: string,
    readonly status: number,
    readonly body: string,
    options?: { cause?: unknown },
  ) {
    super(`${method} ${route} answered ${status}: ${body.slice(0, 500)}`, options);
  }
}
