import { io, type Socket } from 'socket.io-client';
import { LIVE_NAMESPACE, type LiveClientToServerEvents, type LiveServerToClientEvents } from '@runtime-hub/protocol';
import { LIVE_RECONNECT_DELAY_MAX_MS } from '../app/settings';

/** The dashboard's end of `/live`, typed by the protocol's event maps. */
export type LiveSocket = Socket<LiveServerToClientEvents, LiveClientToServerEvents>;

/**
 * Connects to `/live` on the page's own origin. The handshake carries the session cookie,
 * which the coordinator checks like the REST API does; the socket reconnects by itself and
 * every page re-subscribes on each `connect`.
 */
export function connectLive(): LiveSocket {
  return io(LIVE_NAMESPACE, {
    transports: ['websocket'],
    withCredentials: true,
    reconnectionDelayMax: LIVE_RECONNECT_DELAY_MAX_MS,
  });
}
