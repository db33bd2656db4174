import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';

/**
 * Stops a child process politely: SIGTERM, then SIGKILL if it has not exited after
 * `timeoutMs`. Resolves once it has exited (at once if it already had).
 */
export async function stopChild(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit').then(() => true);
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const stopped = await Promise.race([exited, timedOut]);
  clearTimeout(timer);
  if (!stopped) {
    child.kill('SIGKILL');
    await exited;
  }
}
