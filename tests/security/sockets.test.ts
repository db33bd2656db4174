/**
 * Socket.IO connections before they authenticate: closed when they join no namespace within
 * the handshake window, capped per source address (those still pending, and all), and never
 * held by the default namespace.
 */
import { Manager, type Socket } from 'socket.io-client';
import { LIVE_NAMESPACE } from '@runtime-hub/protocol';
import { bootEdgeCoordinator, connectSocket, refusalOf, within, EVENTUALLY_MS, SOCKET_TIMEOUT_MS, TEST_ADMIN_TOKEN, type EdgeCoordinator } from './edge.harness';

jest.setTimeout(60_000);

const HANDSHAKE_WINDOW_MS = 1_500;
const PENDING_MAX = 3;
const TOTAL_MAX = 5;

let hub: EdgeCoordinator;
const managers: Manager[] = [];
const sockets: Socket[] = [];

beforeAll(async () => {
  hub = await bootEdgeCoordinator({
    RH_SOCKET_HANDSHAKE_WINDOW_MS: String(HANDSHAKE_WINDOW_MS),
    RH_SOCKET_PENDING_PER_ADDRESS_MAX: String(PENDING_MAX),
    RH_SOCKETS_PER_ADDRESS_MAX: String(TOTAL_MAX),
  });
});

afterAll(async () => {
  for (const socket of sockets) socket.close();
  for (const manager of managers) manager.engine?.close();
  await hub?.close();
});

/** An engine.io connection that joins no namespace (what a client that never authenticates holds). */
function openBare(from: string): Promise<Manager> {
  const manager = new Manager(hub.url, { transports: ['websocket'], reconnection: false, autoConnect: false, timeout: SOCKET_TIMEOUT_MS, extraHeaders: { 'x-forwarded-for': from } });
  managers.push(manager);
  return new Promise((resolve, reject) => manager.open((error?: Error) => (error ? reject(error) : resolve(manager))));
}

function closed(manager: Manager): Promise<string> {
  return new Promise((resolve) => manager.engine.once('close', (reason: string) => resolve(reason)));
}

async function live(from: string): Promise<Socket> {
  const socket = await connectSocket(hub.url, LIVE_NAMESPACE, { auth: { token: TEST_ADMIN_TOKEN }, from });
  sockets.push(socket);
  return socket;
}

describe('Socket.IO before authentication', () => {
  it('closes a connection that joins no namespace within the handshake window', async () => {
    // ARRANGE
    const manager = await openBare('192.0.2.1');

    // ACT
    const reason = await within(closed(manager), EVENTUALLY_MS, 'the idle connection to be closed');

    // ASSERT
    expect(reason).toBe('transport close');
  });

  it('refuses the default namespace, which nothing uses', async () => {
    const refusal = await refusalOf(connectSocket(hub.url, '/', { from: '192.0.2.3' }));

    expect(refusal.message).toMatch(/no namespace "\/" here/);
  });

  it('caps connections still in their handshake window per address; joining a namespace frees the place', async () => {
    // ARRANGE
    const pending = await Promise.all(Array.from({ length: PENDING_MAX }, () => openBare('192.0.2.4')));

    // ACT
    const refused = await openBare('192.0.2.4').then(
      () => undefined,
      (error: Error) => error,
    );
    const otherAddress = await openBare('192.0.2.5');
    await new Promise<void>((resolve, reject) => {
      const socket = pending[0]!.socket(LIVE_NAMESPACE, { auth: { token: TEST_ADMIN_TOKEN } });
      sockets.push(socket);
      socket.connect().once('connect', () => resolve()).once('connect_error', reject);
    });
    const afterJoin = await openBare('192.0.2.4');

    // ASSERT
    expect(refused).toBeInstanceOf(Error);
    expect(otherAddress.engine.readyState).toBe('open');
    expect(afterJoin.engine.readyState).toBe('open');
  });

  it('caps all connections of one address, authenticated ones included', async () => {
    // ARRANGE
    for (let index = 0; index < TOTAL_MAX; index += 1) await live('192.0.2.6');

    // ACT
    const refusal = await refusalOf(connectSocket(hub.url, LIVE_NAMESPACE, { auth: { token: TEST_ADMIN_TOKEN }, from: '192.0.2.6' }));
    const elsewhere = await live('192.0.2.7');

    // ASSERT
    expect(refusal).toBeInstanceOf(Error);
    expect(elsewhere.connected).toBe(true);
  });
});
