import net from 'node:net';

/**
 * Speaks just enough of the Redis protocol to ask "is a Redis answering here?" without a
 * client library: `PING` in, `+PONG` out. A Redis that wants a password answers `-NOAUTH`,
 * which counts as not usable (give it as REDIS_URL instead).
 */

/** How long a PING may take; a local Redis answers in well under a millisecond. */
export const REDIS_PING_TIMEOUT_MS = 1_000;

export function pingRedis(host: string, port: number, timeoutMs: number = REDIS_PING_TIMEOUT_MS): Promise<boolean> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = net.connect({ host, port });
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      if (answer.includes('\r\n')) finish(answer.startsWith('+PONG'));
    });
  });
}

/** A TCP port free on the loopback right now (redis-server cannot be told to pick one itself). */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port assigned'))));
    });
  });
}
