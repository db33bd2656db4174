import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { HubClient } from './hub.client';

/**
 * The bench's REST client on kept-alive connections, against a local HTTP server that closes a
 * connection without answering: the server side of a keep-alive timeout that meets a request.
 */
describe('HubClient', () => {
  let server: Server;
  let url: string;
  /** Requests seen on each connection, and whether the next one on a connection is dropped. */
  const seen = new Map<Socket, number>();
  let dropSecondOnConnection = false;
  let dropEvery = false;
  let requests = 0;

  beforeAll(async () => {
    server = createServer((request, response) => {
      requests += 1;
      const count = (seen.get(request.socket) ?? 0) + 1;
      seen.set(request.socket, count);
      request.resume();
      request.on('end', () => {
        if (dropEvery || (dropSecondOnConnection && count === 2)) {
          request.socket.destroy();
          return;
        }
        response.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `run-${requests}` }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    seen.clear();
    requests = 0;
    dropSecondOnConnection = false;
    dropEvery = false;
  });

  it('sends a request once more when the server closed the kept-alive connection it went out on', async () => {
    const client = new HubClient(url, 'token');
    dropSecondOnConnection = true;
    const first = await client.startRun('wf');
    // The second request goes out on the first one's connection, which the server closes unanswered.
    const second = await client.startRun('wf');
    expect([first.id, second.id]).toEqual(['run-1', 'run-3']);
    expect(requests).toBe(3);
    expect(seen.size).toBe(2);
  });

  it('does not send again when a new connection is closed unanswered: the error reaches the caller', async () => {
    const client = new HubClient(url, 'token');
    dropEvery = true;
    await expect(client.startRun('wf')).rejects.toThrow('socket hang up');
    expect(requests).toBe(1);
  });
});
