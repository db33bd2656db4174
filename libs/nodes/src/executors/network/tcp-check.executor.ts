import { connect } from 'node:net';
import type { TcpCheckConfig, TcpCheckOutput } from '../../definitions/network/tcp-check.definition';
import type { Executor } from '../executor';

/**
 * Tries one TCP connection and closes it at once. Refused, unreachable, unresolvable or silent
 * past `timeoutMs`: `reachable: false`, a successful answer (the reason goes to the log). Only
 * the task's own timeout or cancel fails the node.
 */
export const tcpCheckExecutor: Executor<TcpCheckConfig, TcpCheckOutput> = async (ctx) => {
  const { host, port, timeoutMs } = ctx.config;
  ctx.signal.throwIfAborted();
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect({ host, port });
    let settled = false;
    const settle = (finish: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      ctx.signal.removeEventListener('abort', onAbort);
      socket.destroy();
      finish();
    };
    const unreachable = (reason: string) =>
      settle(() => {
        ctx.log('system', `${host}:${port} is not reachable: ${reason}`);
        resolve({ output: { reachable: false } });
      });
    const onAbort = () => settle(() => reject(ctx.signal.reason));
    const timer = setTimeout(() => unreachable(`no connection within ${timeoutMs} ms`), timeoutMs);
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => settle(() => resolve({ output: { reachable: true, latencyMs: Math.round(performance.now() - started) } })));
    socket.once('error', (error: NodeJS.ErrnoException) => unreachable(error.code ?? error.message));
  });
};
