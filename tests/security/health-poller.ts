/**
 * Asks a coordinator's `/health` on a fixed interval while a test does something heavy, and
 * keeps how long each answer took: the tests of "no input blocks the event loop" assert that
 * none was slower than their bar. A failed or refused answer counts as infinitely slow.
 */
export interface HealthPoller {
  /** Stops asking and returns every answer's round trip in ms, in order. */
  stop(): Promise<number[]>;
}

export function pollHealth(url: string, intervalMs: number): HealthPoller {
  const answersMs: number[] = [];
  let stopped = false;
  const polling = (async () => {
    while (!stopped) {
      const started = performance.now();
      const response = await fetch(`${url}/health`).catch(() => undefined);
      await response?.arrayBuffer().catch(() => undefined);
      answersMs.push(response?.ok ? performance.now() - started : Number.POSITIVE_INFINITY);
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await polling;
      return answersMs;
    },
  };
}
