import net from 'node:net';
import { PortInUseError } from './port-in-use.error';

/**
 * The coordinator's port, taken before anything else starts: a port in use is reported at
 * once (PortInUseError), before migrations run or agents are marked offline. The reservation
 * is a listening socket that closes every connection it accepts; it is released just before
 * the coordinator listens on the same port, so the window in which another process could take
 * the port is the time between those two calls.
 */

export interface PortReservation {
  release(): Promise<void>;
}

const NOTHING_RESERVED: PortReservation = { release: async () => undefined };

/** Port 0 (any free port, as tests ask for) needs no reservation. */
export async function reservePort(host: string, port: number): Promise<PortReservation> {
  if (port === 0) return NOTHING_RESERVED;
  const server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') reject(new PortInUseError(port, host, error.code, { cause: error }));
      else reject(error);
    });
    server.listen({ host, port, exclusive: true }, () => resolve());
  });
  let released = false;
  return {
    release: () => {
      if (released) return Promise.resolve();
      released = true;
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Whether the port can be listened on now (`runtime-hub up` asks before it starts anything). */
export async function checkPortFree(host: string, port: number): Promise<void> {
  const reservation = await reservePort(host, port);
  await reservation.release();
}
