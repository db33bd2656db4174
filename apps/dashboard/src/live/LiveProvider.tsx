import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { LiveServerToClientEvents } from '@runtime-hub/protocol';
import { useLatest } from '../ui/use-latest';
import { connectLive, type LiveSocket } from './live-socket';

export type LiveStatus = 'connecting' | 'connected' | 'disconnected';

interface LiveContextValue {
  readonly socket: LiveSocket | null;
  readonly status: LiveStatus;
}

const LiveContext = createContext<LiveContextValue>({ socket: null, status: 'disconnected' });

/** One `/live` connection for the signed-in app, shared by every page. */
export function LiveProvider({ children }: { children: ReactNode }) {
  const [value, setValue] = useState<LiveContextValue>({ socket: null, status: 'connecting' });
  useEffect(() => {
    const socket = connectLive();
    const update = (status: LiveStatus) => setValue({ socket, status });
    update('connecting');
    socket.on('connect', () => update('connected'));
    socket.on('disconnect', () => update('disconnected'));
    socket.on('connect_error', () => update('disconnected'));
    return () => {
      socket.removeAllListeners();
      socket.close();
    };
  }, []);
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLive(): LiveContextValue {
  return useContext(LiveContext);
}

/**
 * Calls `onConnect` whenever the socket is (re)connected: where a page joins its rooms and
 * reloads its state, so that it never keeps showing what it had before a disconnect.
 */
export function useOnLiveConnect(onConnect: (socket: LiveSocket) => void): void {
  const { socket, status } = useLive();
  const latest = useLatest(onConnect);
  useEffect(() => {
    if (socket && status === 'connected') latest.current(socket);
  }, [socket, status, latest]);
}

/** Listens to one server event while the component is mounted. */
export function useLiveEvent<E extends keyof LiveServerToClientEvents>(event: E, handler: LiveServerToClientEvents[E]): void {
  const { socket } = useLive();
  const latest = useLatest(handler);
  useEffect(() => {
    if (!socket) return;
    const listener = ((...args: Parameters<LiveServerToClientEvents[E]>) =>
      (latest.current as (...values: Parameters<LiveServerToClientEvents[E]>) => void)(...args)) as LiveServerToClientEvents[E];
    // socket.io-client's typed `on` does not narrow a generic event name; the cast keeps the map's types.
    (socket.on as (name: E, fn: LiveServerToClientEvents[E]) => void)(event, listener);
    return () => {
      (socket.off as (name: E, fn: LiveServerToClientEvents[E]) => void)(event, listener);
    };
  }, [socket, event, latest]);
}
